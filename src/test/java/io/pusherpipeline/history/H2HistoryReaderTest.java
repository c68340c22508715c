package io.pusherpipeline.history;

import io.pusherpipeline.testing.TestDatabase;

/** {@link HistoryReaderSuite} against H2 in memory. */
class H2HistoryReaderTest extends HistoryReaderSuite {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.h2();
    }
}
