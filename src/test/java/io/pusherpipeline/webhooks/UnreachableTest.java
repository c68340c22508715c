package io.pusherpipeline.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.storage.StorageException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** {@link Unreachable}: which storage failures fail a whole group at once instead of batch by batch. */
class UnreachableTest {

    @Test
    void noConnectionFromThePoolOrAConnectionErrorMeansTheDatabaseCannotBeReached() {
        assertThat(Unreachable.database(new StorageException("Cannot store webhook events",
                new SQLTransientConnectionException("pusher-jdbc - Connection is not available, request timed out after 10000ms")))).isTrue();
        assertThat(Unreachable.database(new StorageException("Cannot create the tables",
                new SQLException("Connection to 127.0.0.1:5432 refused", "08001")))).isTrue();
    }

    @Test
    void aRefusedValueOrACollisionMayBeOneBatchsFault() {
        assertThat(Unreachable.database(new StorageException("Cannot store webhook events",
                new SQLException("new row violates check constraint \"refuse_mallory\"", "23514")))).isFalse();
        assertThat(Unreachable.database(new StorageException("Cannot store webhook events",
                new SQLException("could not serialize access", "40001")))).isFalse();
        assertThat(Unreachable.database(new IllegalStateException("no SQL at all"))).isFalse();
    }
}
