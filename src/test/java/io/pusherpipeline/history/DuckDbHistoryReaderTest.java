package io.pusherpipeline.history;

import io.pusherpipeline.testing.TestDatabase;

/** {@link HistoryReaderSuite} against a DuckDB file. */
class DuckDbHistoryReaderTest extends HistoryReaderSuite {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.duckDb();
    }
}
