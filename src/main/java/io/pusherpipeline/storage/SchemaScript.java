package io.pusherpipeline.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** The statements of one {@code sql/*.sql} resource for one schema name. */
final class SchemaScript {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private SchemaScript() {
    }

    static String checkedSchema(String schema) {
        if (schema == null || !IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("Parameter [pusher.jdbc.schema] must be a plain SQL identifier"
                    + " (letters, digits, underscore, not starting with a digit), was: " + schema);
        }
        return schema;
    }

    static List<String> statements(String schema) {
        return statements("/sql/schema.sql", schema);
    }

    /** The statements of {@code resource}, which must exist. */
    static List<String> statements(String resource, String schema) {
        String text = read(resource).replace("${schema}", checkedSchema(schema));
        String withoutComments = Arrays.stream(text.split("\n"))
                .filter(line -> !line.strip().startsWith("--"))
                .reduce("", (a, b) -> a + b + "\n");
        return Arrays.stream(withoutComments.split(";"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    static boolean exists(String resource) {
        return SchemaScript.class.getResource(resource) != null;
    }

    private static String read(String resource) {
        try (InputStream in = SchemaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
