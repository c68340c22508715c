package io.pusherpipeline.demo;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The presence sessions the demo's webhooks made, each beside the snapshots that saw it. */
final class DemoSessions {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final String LINE = "  %-36s %-8s %-13s %-13s %s%n";

    /** One snapshot: when it ran, and who it listed in which channel ({@code channel + "\n" + user}). */
    private record Load(Instant startedAt, Instant finishedAt, Set<String> members) {
    }

    private record Session(String channel, String user, Instant joinedAt, Instant leftAt) {

        /** The snapshot listed this member while it ran, and this stay overlaps its run. */
        boolean seenBy(Load load) {
            return load.members().contains(channel + "\n" + user) && !joinedAt.isAfter(load.finishedAt())
                    && (leftAt == null || leftAt.isAfter(load.startedAt()));
        }
    }

    private DemoSessions() {
    }

    /** The sessions of the simulated app that began since {@code since} (earlier demos' stay in the database). */
    static void print(Connection c, List<UUID> loadIds, Instant since, PrintStream out) throws SQLException {
        List<Load> loads = new ArrayList<>();
        for (UUID id : loadIds) {
            loads.add(load(c, id));
        }
        out.println("Presence sessions from the SIMULATED webhooks, next to the snapshots (pusher_data.presence_sessions, UTC):");
        out.println("  " + IntStream.range(0, loads.size())
                .mapToObj(i -> "snapshot " + (i + 1) + " at " + TIME.format(loads.get(i).startedAt()))
                .collect(Collectors.joining(", ")));
        out.printf(LINE, "channel_name", "user_id", "joined_at", "left_at", "in snapshots");
        for (Session session : sessions(c, since)) {
            String seen = IntStream.range(0, loads.size()).filter(i -> session.seenBy(loads.get(i)))
                    .mapToObj(i -> Integer.toString(i + 1)).collect(Collectors.joining(" "));
            out.printf(LINE, session.channel(), session.user(), TIME.format(session.joinedAt()),
                    session.leftAt() == null ? "still there" : TIME.format(session.leftAt()),
                    seen.isEmpty() ? "none: only the webhooks saw this stay" : seen);
        }
    }

    private static Load load(Connection c, UUID id) throws SQLException {
        Instant started;
        Instant finished;
        try (PreparedStatement s = c.prepareStatement("SELECT started_at, finished_at FROM pusher_data.pusher_loads WHERE load_id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                started = rs.getObject(1, OffsetDateTime.class).toInstant();
                finished = rs.getObject(2, OffsetDateTime.class).toInstant();
            }
        }
        Set<String> members = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT channel_name, user_id FROM pusher_data.channels_channel_users WHERE load_id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    members.add(rs.getString(1) + "\n" + rs.getString(2));
                }
            }
        }
        return new Load(started, finished, members);
    }

    private static List<Session> sessions(Connection c, Instant since) throws SQLException {
        List<Session> sessions = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT channel_name, user_id, joined_at, left_at FROM pusher_data.presence_sessions"
                + " WHERE app_id = ? AND joined_at >= ? ORDER BY channel_name, joined_at, user_id")) {
            s.setString(1, SimulatedPusher.APP_ID);
            s.setObject(2, since.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime left = rs.getObject(4, OffsetDateTime.class);
                    sessions.add(new Session(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                            left == null ? null : left.toInstant()));
                }
            }
        }
        return sessions;
    }
}
