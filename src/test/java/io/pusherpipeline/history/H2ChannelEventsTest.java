package io.pusherpipeline.history;

import io.pusherpipeline.testing.TestDatabase;

/** {@link ChannelEventsSuite} against H2 in memory. */
class H2ChannelEventsTest extends ChannelEventsSuite {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.h2();
    }
}
