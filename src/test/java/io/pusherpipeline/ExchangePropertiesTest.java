package io.pusherpipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The routes name exchange properties only as {@link ExchangeProperties} does, so YAML and Java cannot drift apart. */
class ExchangePropertiesTest {

    // ${exchangeProperty.name...}, setProperty's name, and the exchangeProperty expression.
    private static final Pattern USE = Pattern.compile(
            "exchangeProperty\\.(\\w+)|setProperty:\\s*\\n\\s*name:\\s*\"?(\\w+)|exchangeProperty:\\s*\"?(\\w+)");

    @Test
    void everyExchangePropertyTheRoutesUseIsOneOfTheConstants() throws IOException {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Matcher m = USE.matcher(Files.readString(file));
                while (m.find()) {
                    used.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
                }
            }
        }

        assertThat(used).as("found in routes/").contains(ExchangeProperties.SNAPSHOT, ExchangeProperties.APP,
                ExchangeProperties.PUBLICATION, ExchangeProperties.INBOX_FOLDER);
        assertThat(constants()).containsAll(used);
    }

    private static Set<String> constants() {
        return Arrays.stream(ExchangeProperties.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(ExchangePropertiesTest::value).collect(Collectors.toSet());
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
