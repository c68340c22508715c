package io.pusherpipeline.webhooks;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Whether a storage failure means the database could not be reached at all: then every batch of a
 * failed group fails with it, instead of each being tried alone (as for a failure that may be one
 * batch's fault, such as a value the database refuses).
 */
final class Unreachable {

    private Unreachable() {
    }

    static boolean database(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
