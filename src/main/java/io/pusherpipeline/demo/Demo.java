package io.pusherpipeline.demo;

import io.pusherpipeline.snapshot.Snapshot;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --demo}: the unchanged routes pointed at a {@link SimulatedPusher} on this machine,
 * three snapshots a few seconds apart into their own H2 file, then a {@link DemoReport}.
 */
public final class Demo implements AutoCloseable {

    public static final int SNAPSHOTS = 3;
    public static final String JDBC_URL = "jdbc:h2:file:./data/demo;AUTO_SERVER=TRUE";

    private final SimulatedPusher pusher;

    private Demo(SimulatedPusher pusher) {
        this.pusher = pusher;
    }

    public static Demo start() {
        System.out.println("--demo: a SIMULATED Pusher app on " + "this machine's loopback interface;"
                + " no Pusher account is used and nothing leaves this machine.");
        return new Demo(SimulatedPusher.start());
    }

    /** Settings that win over every other source: the simulator, its own database, three quick snapshots. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>(pusher.settings());
        settings.put("pusher.sink", "jdbc");
        settings.put("pusher.jdbc.url", JDBC_URL);
        settings.put("pusher.jdbc.user", "");
        settings.put("pusher.jdbc.password", "");
        settings.put("pusher.jdbc.schema", "pusher_data");
        settings.put("pusher.snapshot.period", "2s");
        settings.put("pusher.snapshot.repeat-count", Integer.toString(SNAPSHOTS));
        settings.put("pusher.snapshot.filter-by-prefix", "");
        settings.put("pusher.snapshot.users", "true");
        settings.put("pusher.snapshot.subscription-count", "false");
        return settings;
    }

    public void report(List<Snapshot> loaded) {
        try {
            new DemoReport(JDBC_URL).print(loaded.stream().map(Snapshot::loadId).toList(), System.out);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read back what the demo loaded: " + e.getMessage(), e);
        }
        if (pusher.refusedSignatures() > 0) {
            throw new IllegalStateException(pusher.refusedSignatures() + " requests failed the simulator's signature check");
        }
    }

    @Override
    public void close() {
        pusher.close();
    }
}
