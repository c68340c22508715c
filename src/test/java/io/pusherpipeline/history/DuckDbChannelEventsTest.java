package io.pusherpipeline.history;

import io.pusherpipeline.testing.TestDatabase;

/** {@link ChannelEventsSuite} against a DuckDB file. */
class DuckDbChannelEventsTest extends ChannelEventsSuite {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.duckDb();
    }
}
