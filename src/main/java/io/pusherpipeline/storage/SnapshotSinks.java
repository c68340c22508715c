package io.pusherpipeline.storage;

/** Picks the sink named by {@code pusher.sink}. */
public final class SnapshotSinks {

    private SnapshotSinks() {
    }

    public static SnapshotSink create(String sink, String jdbcUrl, String user, String password,
                                      String schema, String fileDir) {
        return switch (sink == null ? "" : sink.strip()) {
            case "jdbc" -> new JdbcSnapshotSink(DataSources.forUrl(jdbcUrl, user, password), jdbcUrl, schema);
            case "file" -> new FileSnapshotSink(fileDir);
            default -> throw new IllegalArgumentException(
                    "Parameter [pusher.sink] must be jdbc or file, was: " + sink);
        };
    }
}
