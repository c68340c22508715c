package io.pusherpipeline.storage;

import java.nio.file.Path;
import javax.sql.DataSource;

/** Builds the {@link Destination} of {@code pusher.sink} from the settings it reads (routes/pusher-beans.yaml names each). */
public final class Destinations {

    private String sink = "jdbc";
    private DataSource dataSource;
    private String url;
    private String schema = "pusher_data";
    private String fileDir;

    public Destination build() {
        return switch (sink == null ? "" : sink.strip()) {
            case "jdbc" -> Destination.database(dataSource, url, schema);
            case "file" -> Destination.folder(Path.of(fileDir.strip()));
            default -> throw new IllegalArgumentException("Parameter [pusher.sink] must be jdbc or file, was: " + sink);
        };
    }

    public void setSink(String sink) {
        this.sink = sink;
    }

    /** The pool of {@code pusherDataSource}: one per database, which the snapshot sink closes. */
    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public void setFileDir(String fileDir) {
        this.fileDir = fileDir;
    }
}
