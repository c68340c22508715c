package io.pusherpipeline.webhooks;

import io.pusherpipeline.testing.TestDatabase;

/** {@link WebhookHistorySuite} against PostgreSQL, a real server (.ci/test starts one). */
class PostgresWebhookHistoryTest extends WebhookHistorySuite {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }
}
