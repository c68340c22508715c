package io.pusherpipeline.storage;

/** Picks the sink named by {@code pusher.sink} and applies the settings that sink reads. */
public final class SnapshotSinks {

    private SnapshotSinks() {
    }

    public static SnapshotSink create(String sink, String jdbcUrl, String user, String password,
                                      String schema, String fileDir) {
        return create(sink, jdbcUrl, user, password, schema, fileDir, "append", "", "jsonl");
    }

    public static SnapshotSink create(String sink, String jdbcUrl, String user, String password,
                                      String schema, String fileDir, String writeDisposition,
                                      String retention, String fileFormat) {
        return switch (sink == null ? "" : sink.strip()) {
            case "jdbc" -> new JdbcSnapshotSink(DataSources.forUrl(jdbcUrl, user, password), jdbcUrl, schema,
                    WriteDisposition.parse(writeDisposition), Retention.parse(retention));
            case "file" -> new FileSnapshotSink(fileDir, FileFormat.parse(fileFormat));
            default -> throw new IllegalArgumentException(
                    "Parameter [pusher.sink] must be jdbc or file, was: " + sink);
        };
    }
}
