package io.pusherpipeline.snapshot;

import io.pusherpipeline.testing.TestDatabase;

/** {@link DestinationSuite} against H2 in memory. */
class H2DestinationTest extends DestinationSuite {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.h2();
    }
}
