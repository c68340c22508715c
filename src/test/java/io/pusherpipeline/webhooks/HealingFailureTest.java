package io.pusherpipeline.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.storage.DataSources;
import io.pusherpipeline.storage.Destination;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A snapshot whose healing cannot reach the database still loaded: one WARN line, no exception. */
class HealingFailureTest {

    @Test
    void aHealingThatFailsLogsOneWarningAndThrowsNothing() {
        WebhookStore store = new WebhookStore();
        // An in-memory H2 database that must already exist: it never does, so the tables cannot be made.
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";IFEXISTS=TRUE";
        DataSource pool = DataSources.forUrl(url, "", "secret-canary");
        store.setDestination(Destination.database(pool, url, "pusher_data"));
        UUID load = UUID.randomUUID();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            store.heal("app-1", load);
        } finally {
            System.setErr(stderr);
            store.close();
            DataSources.close(pool, "the test pool");
        }

        String lines = log.toString(StandardCharsets.UTF_8);
        assertThat(lines.lines().filter(line -> line.contains("WARN"))).singleElement().asString()
                .contains("Load " + load + " could not heal presence_sessions and channel_occupancy", "the next snapshot will");
        assertThat(lines).doesNotContain("secret-canary");
    }
}
