package io.pusherpipeline.kamelets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Every Kamelet describes itself as the Kamelet catalog does, so Kaoto and Camel JBang show usable forms. */
class KameletDefinitionsTest {

    static Stream<Path> kamelets() throws IOException {
        Path dir = Path.of(System.getProperty("basedir", "."), "src/main/resources/kamelets");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".kamelet.yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("kamelets")
    @SuppressWarnings("unchecked")
    void everyPropertyHasTitleDescriptionTypeAndADefaultOrIsRequiredWithAnExample(Path file) throws IOException {
        Map<String, Object> kamelet = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(file));
        Map<String, Object> metadata = (Map<String, Object>) kamelet.get("metadata");
        assertThat(file.getFileName().toString()).isEqualTo(metadata.get("name") + ".kamelet.yaml");
        Map<String, Object> definition = (Map<String, Object>) ((Map<String, Object>) kamelet.get("spec")).get("definition");
        assertThat(definition).containsKeys("title", "description");
        List<String> required = (List<String>) definition.getOrDefault("required", List.of());
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) definition.get("properties");
        for (Map.Entry<String, Map<String, Object>> p : properties.entrySet()) {
            Map<String, Object> property = p.getValue();
            assertThat(property).as(p.getKey()).containsKeys("title", "description", "type");
            if (required.contains(p.getKey())) {
                assertThat(property).as(p.getKey() + " is required: an example, no default").containsKey("example")
                        .doesNotContainKey("default");
            } else {
                assertThat(property).as(p.getKey() + " is optional: a default").containsKey("default");
            }
            if (p.getKey().toLowerCase().contains("secret") || p.getKey().toLowerCase().contains("password")) {
                assertThat(property.get("format")).as(p.getKey()).isEqualTo("password");
            }
        }
    }
}
