package io.pusherpipeline.snapshot;

import static io.pusherpipeline.snapshot.SnapshotRouteTest.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pusher's Retry-After is the wait before the coming retry, however long the backoff would wait. */
class RetryAfterTest extends SnapshotRouteTestSupport {

    @Override
    protected Properties extraProperties() {
        Properties p = new Properties();
        p.setProperty("pusher.http.backoff", "10s");
        return p;
    }

    @AfterEach
    void forgetAppState() {
        pusher.reset();
    }

    @Test
    void a429WithRetryAfterOneSecondIsRetriedAfterAboutASecondNotTheTenSecondBackoff() throws Exception {
        takeSnapshot(); // a first one, so that what is timed is the wait, not the first use of the database
        pusher.answer(".*/channels", 1, 429, "slow down", Map.of("Retry-After", "1"));

        long start = System.nanoTime();
        Snapshot snapshot = takeSnapshot();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(rows("SELECT status, request_count FROM pusher_data.pusher_loads ORDER BY started_at")).containsExactly(row("loaded", 1), row("loaded", 2));
        assertThat(snapshot.retryCount()).isEqualTo(1);
        assertThat(took).as("Retry-After: 1 waited, not the 10 s backoff")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofSeconds(8));
    }
}
