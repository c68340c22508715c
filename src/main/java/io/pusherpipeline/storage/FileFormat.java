package io.pusherpipeline.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pusherpipeline.Json;
import com.fasterxml.jackson.databind.SequenceWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the file sink writes a table ({@code pusher.file.format}): JSON Lines or CSV with a header,
 * both UTF-8 and read as they are by DuckDB ({@code read_json_auto}, {@code read_csv_auto}) and pandas.
 */
public enum FileFormat {
    JSONL("jsonl") {
        @Override
        void write(Path file, List<String> columns, List<Map<String, Object>> rows) throws IOException {
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                 SequenceWriter lines = JSON.writer().withRootValueSeparator("\n").writeValues(out)) {
                for (Map<String, Object> row : rows) {
                    lines.write(row);
                }
                if (!rows.isEmpty()) {
                    out.write('\n');
                }
            }
        }
    },
    CSV("csv") {
        @Override
        void write(Path file, List<String> columns, List<Map<String, Object>> rows) throws IOException {
            // A header even for no rows, so read_csv_auto and pandas see the columns of an empty table.
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                line(out, columns.stream().map(c -> (Object) c).toList());
                for (Map<String, Object> row : rows) {
                    line(out, columns.stream().map(row::get).toList());
                }
            }
        }
    };

    private static final ObjectMapper JSON = Json.MAPPER;

    private final String extension;

    FileFormat(String extension) {
        this.extension = extension;
    }

    /** The file name ending, also the value of {@code pusher.file.format}. */
    public String extension() {
        return extension;
    }

    /** Writes the rows, each a map of column to value (null, a number or text), into a new file. */
    abstract void write(Path file, List<String> columns, List<Map<String, Object>> rows) throws IOException;

    public static FileFormat parse(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "jsonl" -> JSONL;
            case "csv" -> CSV;
            default -> throw new IllegalArgumentException(
                    "Parameter [pusher.file.format] must be jsonl or csv, was: " + text);
        };
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; NULL is an empty field. */
    private static void line(Writer out, List<Object> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            Object value = values.get(i);
            if (value == null) {
                continue;
            }
            String text = value.toString();
            boolean quote = text.isEmpty() || text.chars().anyMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r')
                    || !text.equals(text.strip());
            out.write(quote ? '"' + text.replace("\"", "\"\"") + '"' : text);
        }
        out.write('\n');
    }
}
