package io.pusherpipeline.kamelets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every Kamelet describes itself as the camel-kamelets catalog's own entries do (the rules of its
 * script/validator), so Kaoto, Camel JBang and the catalog tooling show usable forms. The provider is
 * ours, not the Apache Software Foundation, the one rule of the catalog's that does not apply.
 */
class KameletDefinitionsTest {

    private static final Path BASE = Path.of(System.getProperty("basedir", "."));
    private static final Set<String> STOP_WORDS = Set.of("a", "an", "and", "by", "for", "in", "of", "or", "per", "the", "to", "with");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

    static Stream<Path> kamelets() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(BASE.resolve("src/main/resources/kamelets"))) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".kamelet.yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("kamelets")
    void everyPropertyHasTitleDescriptionTypeAndADefaultOrIsRequiredWithAnExample(Path file) throws IOException {
        Map<String, Object> definition = map(map(load(file), "spec"), "definition");
        assertThat(definition).containsKeys("title", "description");
        assertThat(definition.get("type")).isEqualTo("object");
        List<String> required = list(definition.getOrDefault("required", List.of()));
        assertThat(new HashSet<>(required)).as("required listed once each").hasSize(required.size());
        Map<String, Object> properties = map(definition, "properties");
        assertThat(properties.keySet()).as("required properties are defined").containsAll(required);
        for (String name : properties.keySet()) {
            Map<String, Object> property = map(properties, name);
            assertThat(property).as(name).containsKeys("title", "description", "type");
            if (required.contains(name)) {
                assertThat(property).as(name + " is required: an example, no default").containsKey("example")
                        .doesNotContainKey("default");
            } else {
                assertThat(property).as(name + " is optional: a default").containsKey("default");
            }
            String title = (String) property.get("title");
            assertThat(title).as(name + "'s title").doesNotStartWith("The ").doesNotStartWith("A ").doesNotStartWith("An ");
            for (String word : title.split(" ")) {
                if (!STOP_WORDS.contains(word.toLowerCase())) {
                    assertThat(Character.isUpperCase(word.charAt(0))).as("capitalized '" + word + "' in " + name + "'s title").isTrue();
                }
            }
            if (name.toLowerCase().contains("secret") || name.toLowerCase().contains("password")) {
                assertThat(property.get("format")).as(name).isEqualTo("password");
            }
            if ("password".equals(property.get("format"))) {
                assertThat(list(property.get("x-descriptors"))).as(name).containsExactly("urn:camel:group:credentials");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kamelets")
    void itCarriesTheCatalogsAnnotationsTypeAndName(Path file) throws IOException {
        Map<String, Object> kamelet = load(file);
        Map<String, Object> metadata = map(kamelet, "metadata");
        String name = (String) metadata.get("name");
        assertThat(file.getFileName().toString()).isEqualTo(name + ".kamelet.yaml");
        String type = (String) map(metadata, "labels").get("camel.apache.org/kamelet.type");
        assertThat(type).isIn("source", "sink", "action");
        assertThat(name).endsWith("-" + type);
        String title = (String) map(map(kamelet, "spec"), "definition").get("title");
        assertThat(title).endsWith(Character.toUpperCase(type.charAt(0)) + type.substring(1));

        Map<String, Object> annotations = map(metadata, "annotations");
        assertThat(annotations.get("camel.apache.org/kamelet.support.level")).isIn("Stable", "Preview", "Deprecated");
        assertThat(annotations.get("camel.apache.org/catalog.version")).as("the project's version").isEqualTo(projectVersion());
        assertThat(annotations).containsKeys("camel.apache.org/provider", "camel.apache.org/kamelet.group",
                "camel.apache.org/kamelet.namespace");
        String icon = (String) annotations.get("camel.apache.org/kamelet.icon");
        assertThat(icon).startsWith("data:image/svg+xml;base64,");
        String svg = new String(Base64.getDecoder().decode(icon.substring(icon.indexOf(',') + 1)), StandardCharsets.UTF_8);
        assertThat(svg).startsWith("<svg").endsWith("</svg>");
    }

    @ParameterizedTest
    @MethodSource("kamelets")
    void itsDependenciesAndTemplateFollowTheCatalogsConventions(Path file) throws IOException {
        Map<String, Object> kamelet = load(file);
        Map<String, Object> spec = map(kamelet, "spec");
        for (String dependency : this.<String>list(spec.get("dependencies"))) {
            assertThat(dependency).matches("(camel:[a-z0-9-]+|mvn:[\\w.-]+:[\\w.-]+:[\\w.-]+|github:apache/.+)");
            if (dependency.startsWith("mvn:io.pusherpipeline:")) {
                assertThat(dependency).endsWith(":" + projectVersion());
            }
        }
        String type = (String) map(map(kamelet, "metadata"), "labels").get("camel.apache.org/kamelet.type");
        String template = new Dump(DumpSettings.builder().build()).dumpToString(spec.get("template"));
        assertThat(template).contains(type.equals("source") ? "kamelet:sink" : "kamelet:source");

        Set<String> used = new HashSet<>();
        for (Matcher m = PLACEHOLDER.matcher(template); m.find(); ) {
            used.add(m.group(1));
        }
        Set<String> beans = new HashSet<>();
        for (Map<String, Object> bean : this.<Map<String, Object>>list(map(spec, "template").getOrDefault("beans", List.of()))) {
            beans.add((String) bean.get("name"));
        }
        Set<String> declared = map(map(spec, "definition"), "properties").keySet();
        assertThat(declared).as("every property is used in the template").isSubsetOf(used);
        used.removeAll(beans);
        assertThat(used).as("every placeholder of the template is a property or a bean of it").isSubsetOf(declared);
    }

    @ParameterizedTest
    @MethodSource("kamelets")
    void itSaysWhatItTakesOrGivesAsDataTypes(Path file) throws IOException {
        Map<String, Object> kamelet = load(file);
        String type = (String) map(map(kamelet, "metadata"), "labels").get("camel.apache.org/kamelet.type");
        Map<String, Object> dataType = map(map(map(kamelet, "spec"), "dataTypes"), type.equals("source") ? "out" : "in");
        Map<String, Object> types = map(dataType, "types");
        assertThat(types).containsKey((String) dataType.get("default"));
        for (String name : types.keySet()) {
            assertThat(map(types, name)).as(name).containsKeys("format", "description", "mediaType");
        }
    }

    @ParameterizedTest
    @MethodSource("kamelets")
    void itHasAnExampleInTheCatalogsPipeForm(Path file) throws IOException {
        String name = file.getFileName().toString().replace(".kamelet.yaml", "");
        Path example = BASE.resolve("examples/kamelets/" + name + "-pipe.yaml");
        assertThat(example).exists();
        assertThat(Files.readString(example)).contains("kamelet:" + name);
        assertThat(Files.readString(BASE.resolve("docs/embedding.md"))).contains("examples/kamelets/" + name + "-pipe.yaml");
    }

    private static String projectVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>pusher-pipeline</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(BASE.resolve("pom.xml")));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(Path file) throws IOException {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        assertThat(parent).containsKey(key);
        return (Map<String, Object>) parent.get(key);
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> list(Object value) {
        return value == null ? List.of() : (List<T>) value;
    }
}
