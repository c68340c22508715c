package io.pusherpipeline.history;

import io.pusherpipeline.testing.TestDatabase;

/** {@link ChannelEventsSuite} against PostgreSQL, a real server (.ci/test starts one). */
class PostgresChannelEventsTest extends ChannelEventsSuite {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }
}
