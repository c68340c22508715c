package io.pusherpipeline.webhooks;

import io.pusherpipeline.testing.TestDatabase;

/** {@link WebhookHistorySuite} against H2 in memory. */
class H2WebhookHistoryTest extends WebhookHistorySuite {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.h2();
    }
}
