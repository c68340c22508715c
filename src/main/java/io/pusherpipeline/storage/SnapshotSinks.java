package io.pusherpipeline.storage;

import io.pusherpipeline.snapshot.SnapshotSink;

/** Builds the sink of the {@link Destination} from the settings that sink reads (routes/pusher-beans.yaml names each). */
public final class SnapshotSinks {

    private Destination destination;
    private String writeDisposition = "append";
    private String retention = "";
    private String fileFormat = "jsonl";

    public SnapshotSink build() {
        return destination.isDatabase()
                ? new JdbcSnapshotSink(destination, WriteDisposition.parse(writeDisposition), Retention.parse(retention))
                : new FileSnapshotSink(destination.folder().toString(), FileFormat.parse(fileFormat));
    }

    /** {@code pusherDestination}: the database (whose pool the sink closes) or the folder. */
    public void setDestination(Destination destination) {
        this.destination = destination;
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
