package io.pusherpipeline.archive;

import io.pusherpipeline.testing.TestDatabase;

/** {@link ArchiveStoreSuite} against a DuckDB file. */
class DuckDbArchiveStoreTest extends ArchiveStoreSuite {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.duckDb();
    }
}
