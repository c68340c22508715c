package io.pusherpipeline.webhooks;

import io.pusherpipeline.testing.TestDatabase;

/** {@link WebhookFuzzSuite} against a DuckDB file. */
class DuckDbWebhookFuzzTest extends WebhookFuzzSuite {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.duckDb();
    }

    @Override
    protected int bodies() {
        return 100;
    }
}
