package io.pusherpipeline.snapshot;

import io.pusherpipeline.testing.RouteTestSupport;
import io.pusherpipeline.testing.TestDatabase;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.apache.camel.Exchange;

/**
 * The snapshot routes against the fake Pusher and a fresh database (in-memory H2 unless a class
 * picks another). A snapshot is taken when a test calls {@link #takeSnapshot()}.
 */
abstract class SnapshotRouteTestSupport extends RouteTestSupport {

    TestDatabase db;

    /** Properties a test class changes on top of the defaults. */
    protected Properties extraProperties() {
        return new Properties();
    }

    /**
     * The database of one test. Camel's test support calls this from its constructor (see
     * {@link #routeProperties}), so it must not read the subclass's instance fields.
     */
    protected TestDatabase newDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected Properties routeProperties() {
        db = newDatabase();
        Properties p = new Properties();
        p.setProperty("pusher.snapshot.once", "true");
        p.setProperty("pusher.jdbc.url", db.url());
        p.setProperty("pusher.jdbc.user", db.user());
        p.setProperty("pusher.jdbc.password", db.password());
        p.putAll(extraProperties());
        return p;
    }

    @Override
    protected String snapshotTrigger() {
        return "direct:take-snapshot";
    }

    /** Takes one snapshot, as a tick of the timer would, and returns it once it has ended. */
    protected Snapshot takeSnapshot() {
        Exchange done = template.send("direct:take-snapshot", e -> { });
        return done.getProperty(io.pusherpipeline.ExchangeProperties.SNAPSHOT, Snapshot.class);
    }

    protected List<List<Object>> rows(String sql) throws SQLException {
        return db.rows(sql);
    }
}
