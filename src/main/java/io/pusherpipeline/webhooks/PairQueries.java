package io.pusherpipeline.webhooks;

import io.pusherpipeline.webhooks.PairHistory.Pair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

/**
 * Statements over a list of (channel, user) pairs with their bounds, given to the SQL as a table
 * {@code p (k, channel_name, user_id, bound_ms, bound_at)}: on PostgreSQL five arrays, elsewhere a VALUES list.
 */
final class PairQueries {

    /** Pairs per statement elsewhere: each is one row of a VALUES list of five parameters. */
    private static final int PER_QUERY = 200;
    private static final String VALUES_ROW = "(CAST(? AS INTEGER), CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(1000)),"
            + " CAST(? AS BIGINT), CAST(? AS TIMESTAMP WITH TIME ZONE))";
    /** On PostgreSQL five arrays: one statement text however many pairs, so its plan is made once (a VALUES list's, each time, cost more than running it). */
    private static final String ARRAYS = "unnest(CAST(? AS INTEGER[]), CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]), CAST(? AS BIGINT[]),"
            + " CAST(? AS TIMESTAMPTZ[]))";
    private static final String PAIRS = "%s AS p (k, channel_name, user_id, bound_ms, bound_at)";

    private final Connection c;
    private final String schema;
    private final String appId;
    private final boolean postgres;

    PairQueries(Connection c, String schema, String appId, boolean postgres) {
        this.c = c;
        this.schema = schema;
        this.appId = appId;
        this.postgres = postgres;
    }

    /** Pairs per statement: all of them in PostgreSQL's arrays, {@value #PER_QUERY} rows of a VALUES list elsewhere. */
    int perQuery() {
        return postgres ? Integer.MAX_VALUE : PER_QUERY;
    }

    /**
     * The rows of {@code table} each pair finds. On PostgreSQL looked up from each pair (LATERAL; OFFSET 0
     * keeps the planner from turning it into a join): a table without statistics yet (a new schema)
     * otherwise gets a plan that reads the app's whole history into a hash.
     */
    String lateral(String columns, String table, String condition) {
        String rows = postgres ? " CROSS JOIN LATERAL (SELECT * FROM " + schema + "." + table + " x WHERE " + condition + " OFFSET 0) x"
                : " JOIN " + schema + "." + table + " x ON " + condition;
        return "SELECT p.k, " + columns + " FROM " + PAIRS + rows;
    }

    interface RowReader {
        void read(int k, ResultSet rs) throws SQLException;
    }

    void query(String sql, List<Pair> pairs, List<Instant> bounds, RowReader reader) throws SQLException {
        query(sql, pairs, bounds, appId, reader);
    }

    /** Runs a statement over the pairs as a table {@code p}, its one other parameter {@code last}. */
    void query(String sql, List<Pair> pairs, List<Instant> bounds, Object last, RowReader reader) throws SQLException {
        String table = postgres ? ARRAYS : "(VALUES " + String.join(", ", Collections.nCopies(pairs.size(), VALUES_ROW)) + ")";
        try (PreparedStatement s = c.prepareStatement(sql.replace("%s", table))) {
            int i = 1;
            if (postgres) {
                s.setArray(i++, c.createArrayOf("integer", java.util.stream.IntStream.range(0, pairs.size()).boxed().toArray()));
                s.setArray(i++, c.createArrayOf("varchar", pairs.stream().map(Pair::channel).toArray()));
                s.setArray(i++, c.createArrayOf("varchar", pairs.stream().map(Pair::userId).toArray()));
                s.setArray(i++, c.createArrayOf("bigint", bounds.stream().map(PairQueries::boundMs).toArray()));
                s.setArray(i++, c.createArrayOf("timestamptz", bounds.stream().map(Instant::toString).toArray()));
            } else {
                for (int k = 0; k < pairs.size(); k++) {
                    s.setInt(i++, k);
                    s.setString(i++, pairs.get(k).channel());
                    s.setString(i++, pairs.get(k).userId());
                    s.setLong(i++, boundMs(bounds.get(k)));
                    s.setObject(i++, utc(bounds.get(k)));
                }
            }
            s.setObject(i, last);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs.getInt(1), rs);
                }
            }
        }
    }

    /** The first whole millisecond at or after the bound: events carry milliseconds, snapshots microseconds. */
    static long boundMs(Instant bound) {
        long ms = bound.toEpochMilli();
        return Instant.ofEpochMilli(ms).isBefore(bound) ? ms + 1 : ms;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Per pair, its rows that are open or end at or after its bound. */
    Map<Integer, PresenceHistory.Stays> storedStays(List<Pair> pairs, List<Instant> bounds) throws SQLException {
        Map<Integer, PresenceHistory.Stays> stored = new HashMap<>();
        query(lateral("x.joined_at, x.left_at, x.joined_by, x.left_by, p.user_id", "presence_sessions", "x.app_id = ?"
                + " AND x.channel_name = p.channel_name AND x.user_id = p.user_id AND (x.left_at IS NULL OR x.left_at >= p.bound_at)"),
                pairs, bounds, (k, rs) -> stored.merge(k,
                new PresenceHistory.Stays(List.of(new PresenceHistory.Session(rs.getString(6), time(rs, 2), time(rs, 3), rs.getString(4), rs.getString(5))),
                        List.of()), PresenceHistory.Stays::and));
        query(lateral("x.occupied_at, x.vacated_at, x.occupied_by, x.vacated_by", "channel_occupancy", "x.app_id = ?"
                + " AND x.channel_name = p.channel_name AND p.user_id IS NULL AND (x.vacated_at IS NULL OR x.vacated_at >= p.bound_at)"),
                pairs, bounds,
                (k, rs) -> stored.merge(k, new PresenceHistory.Stays(List.of(),
                        List.of(new PresenceHistory.Occupancy(time(rs, 2), time(rs, 3), rs.getString(4), rs.getString(5)))), PresenceHistory.Stays::and));
        return stored;
    }

    private static Instant time(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
