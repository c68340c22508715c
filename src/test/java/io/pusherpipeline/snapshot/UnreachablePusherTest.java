package io.pusherpipeline.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A host that refuses connections: retried, then the load fails with what to check. */
class UnreachablePusherTest extends SnapshotRouteTestSupport {

    @Override
    protected Properties extraProperties() {
        Properties p = new Properties();
        p.setProperty("pusher.port", Integer.toString(closedPort()));
        return p;
    }

    @Test
    void aRefusedConnectionIsRetriedThenFailsTheLoadNamingHostPortAndScheme() throws Exception {
        takeSnapshot();

        List<List<Object>> loads = rows("SELECT status, request_count, error FROM pusher_data.pusher_loads");
        assertThat(loads.get(0).subList(0, 2)).containsExactly("failed", 4);
        assertThat((String) loads.get(0).get(2)).contains("Cannot connect", "pusher.host, pusher.port and pusher.scheme");
        assertThat(rows("SELECT COUNT(*) FROM pusher_data.apps_channels").get(0).get(0)).isEqualTo(0L);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
