package io.pusherpipeline.history;

import io.pusherpipeline.testing.TestDatabase;

/** {@link HistoryReaderSuite} against PostgreSQL, a real server (.ci/test starts one). */
class PostgresHistoryReaderTest extends HistoryReaderSuite {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }
}
