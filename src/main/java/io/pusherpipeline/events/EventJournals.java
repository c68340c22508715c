package io.pusherpipeline.events;

import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.JdbcUrls;
import java.nio.file.Path;

/**
 * Where the journal lives: the configured database with {@code pusher.sink=jdbc}; with the file
 * sink an embedded H2 database beside the exported files, {@code {pusher.file.dir}/pusher-events}.
 */
public final class EventJournals {

    private EventJournals() {
    }

    public static EventJournal create(String sink, String jdbcUrl, String user, String password, String schema, String fileDir) {
        if ("file".equals(sink == null ? "" : sink.strip())) {
            String url = "jdbc:h2:file:" + Path.of(fileDir).toAbsolutePath().normalize().resolve("pusher-events") + ";AUTO_SERVER=TRUE";
            return new EventJournal(DataSources.forUrl(url, "", ""), "pusher_data", url + " (pusher_data)");
        }
        return new EventJournal(DataSources.forUrl(jdbcUrl, user, password), schema,
                JdbcUrls.withoutSecrets(jdbcUrl) + " (" + schema + ")");
    }
}
