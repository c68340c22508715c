package io.pusherpipeline.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/**
 * A condition on a list of keys (event keys, channels): on PostgreSQL {@code column = ANY(?)},
 * one array parameter however many keys, so one statement for them all; elsewhere an IN list of
 * at most {@value #IN_LIST} parameters, and the caller asks again for the rest.
 */
public final class KeyLists {

    public static final int IN_LIST = 200;

    private final Connection c;
    private final boolean array;

    public KeyLists(Connection c) throws SQLException {
        this.c = c;
        this.array = Destination.postgres(c);
    }

    /** The most keys one condition holds. */
    public int perQuery() {
        return array ? Integer.MAX_VALUE : IN_LIST;
    }

    /** {@code column = ANY(?)} or {@code column IN (?, ?, ...)} for {@code n} keys. */
    public String in(String column, int n) {
        return array ? column + " = ANY(?)" : column + " IN (" + String.join(", ", Collections.nCopies(n, "?")) + ")";
    }

    /** Binds the keys from parameter {@code index} on; returns the index of the next parameter. */
    public int bind(PreparedStatement s, int index, List<String> keys) throws SQLException {
        if (array) {
            s.setArray(index, c.createArrayOf("varchar", keys.toArray()));
            return index + 1;
        }
        for (String key : keys) {
            s.setString(index++, key);
        }
        return index;
    }
}
