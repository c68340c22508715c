package io.pusherpipeline.storage;

import io.pusherpipeline.snapshot.SnapshotSink;
import javax.sql.DataSource;

/** Builds the sink named by {@code pusher.sink} from the settings that sink reads (routes/pusher-beans.yaml names each). */
public final class SnapshotSinks {

    private String sink = "jdbc";
    private DataSource dataSource;
    private String jdbcUrl;
    private String schema = "pusher_data";
    private String fileDir;
    private String writeDisposition = "append";
    private String retention = "";
    private String fileFormat = "jsonl";

    public SnapshotSink build() {
        return switch (sink == null ? "" : sink.strip()) {
            case "jdbc" -> new JdbcSnapshotSink(dataSource, jdbcUrl, schema, WriteDisposition.parse(writeDisposition),
                    Retention.parse(retention));
            case "file" -> new FileSnapshotSink(fileDir, FileFormat.parse(fileFormat));
            default -> throw new IllegalArgumentException("Parameter [pusher.sink] must be jdbc or file, was: " + sink);
        };
    }

    public void setSink(String sink) {
        this.sink = sink;
    }

    /** The database of {@link #setJdbcUrl}, shared with the events journal ({@link DataSources#forUrl}). */
    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void setJdbcUrl(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public void setFileDir(String fileDir) {
        this.fileDir = fileDir;
    }

    public void setWriteDisposition(String writeDisposition) {
        this.writeDisposition = writeDisposition;
    }

    public void setRetention(String retention) {
        this.retention = retention;
    }

    public void setFileFormat(String fileFormat) {
        this.fileFormat = fileFormat;
    }
}
