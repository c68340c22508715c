package io.pusherpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The benchmark's sessions check finds what is lost, doubled, wrong or foreign, and passes only when nothing is. */
class ExpectedSessionsTest {

    @Test
    void storedSessionsEqualToTheLoadsPassAndEveryKindOfDifferenceFails() throws Exception {
        ExpectedSessions expected = new ExpectedSessions();
        int left = expected.join(0, 1_000);
        expected.leave(left, 2_000);
        int stays = expected.join(1, 1_500);
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:expected-sessions;DB_CLOSE_DELAY=-1")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA bench");
                s.execute("CREATE TABLE bench.presence_sessions (app_id VARCHAR(64), channel_name VARCHAR(200), user_id VARCHAR(1000),"
                        + " joined_at TIMESTAMP WITH TIME ZONE, left_at TIMESTAMP WITH TIME ZONE)");
            }
            insert(c, 0, left, 1_000, 2_000L);
            insert(c, 1, stays, 1_500, null);

            assertThat(expected.check(c, "bench", BenchPusher.APP_ID).passed()).isTrue();

            insert(c, 1, stays, 1_500, null); // stored twice
            insert(c, 0, 99, 1_000, null); // a user the load never made
            ExpectedSessions.Check doubled = expected.check(c, "bench", BenchPusher.APP_ID);
            assertThat(doubled.passed()).isFalse();
            assertThat(doubled.doubled()).isEqualTo(1);
            assertThat(doubled.extra()).isEqualTo(1);
            assertThat(doubled.open()).isEqualTo(3);

            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM bench.presence_sessions");
            }
            insert(c, 0, left, 1_000, null); // its leave lost
            ExpectedSessions.Check lost = expected.check(c, "bench", BenchPusher.APP_ID);
            assertThat(lost.passed()).isFalse();
            assertThat(lost.wrong()).isEqualTo(1);
            assertThat(lost.missing()).isEqualTo(1);
            assertThat(lost.examples()).anyMatch(e -> e.startsWith("missing presence-bench-1 user-" + stays));
        }
    }

    private static void insert(Connection c, int channel, int user, long joinedMs, Long leftMs) throws Exception {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO bench.presence_sessions VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, BenchPusher.APP_ID);
            s.setString(2, WebhookLoad.channel(channel));
            s.setString(3, ExpectedSessions.user(user));
            s.setObject(4, at(joinedMs));
            s.setObject(5, leftMs == null ? null : at(leftMs));
            s.executeUpdate();
        }
    }

    private static OffsetDateTime at(long ms) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
    }
}
