package io.pusherpipeline.snapshot;

import io.pusherpipeline.testing.TestDatabase;

/** {@link DestinationSuite} against a DuckDB file. */
class DuckDbDestinationTest extends DestinationSuite {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.duckDb();
    }
}
