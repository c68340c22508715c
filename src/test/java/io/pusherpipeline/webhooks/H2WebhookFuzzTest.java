package io.pusherpipeline.webhooks;

import io.pusherpipeline.testing.TestDatabase;

/** {@link WebhookFuzzSuite} against H2 in memory. */
class H2WebhookFuzzTest extends WebhookFuzzSuite {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected int bodies() {
        return 1500;
    }
}
