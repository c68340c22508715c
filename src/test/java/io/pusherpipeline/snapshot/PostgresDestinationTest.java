package io.pusherpipeline.snapshot;

import io.pusherpipeline.testing.TestDatabase;

/** {@link DestinationSuite} against PostgreSQL, a real server (.ci/test starts one). */
class PostgresDestinationTest extends DestinationSuite {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }
}
