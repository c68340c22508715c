package io.pusherpipeline.webhooks;

import io.pusherpipeline.testing.TestDatabase;

/** {@link WebhookHistorySuite} against a DuckDB file. */
class DuckDbWebhookHistoryTest extends WebhookHistorySuite {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.duckDb();
    }

    @Override
    protected boolean admitsTwoWriters() {
        return false;
    }
}
