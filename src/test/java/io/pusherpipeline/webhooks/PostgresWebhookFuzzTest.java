package io.pusherpipeline.webhooks;

import io.pusherpipeline.testing.TestDatabase;

/** {@link WebhookFuzzSuite} against PostgreSQL. */
class PostgresWebhookFuzzTest extends WebhookFuzzSuite {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }

    @Override
    protected int bodies() {
        return 1000;
    }
}
