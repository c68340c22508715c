package io.pusherpipeline.archive;

import io.pusherpipeline.testing.TestDatabase;

/** {@link ArchiveStoreSuite} against H2 in memory. */
class H2ArchiveStoreTest extends ArchiveStoreSuite {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.h2();
    }
}
