package io.pusherpipeline.archive;

import io.pusherpipeline.testing.TestDatabase;

/** {@link ArchiveStoreSuite} against PostgreSQL, a real server (.ci/test starts one). */
class PostgresArchiveStoreTest extends ArchiveStoreSuite {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }
}
