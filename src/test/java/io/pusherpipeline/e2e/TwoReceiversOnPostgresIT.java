package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * soketi posting every webhook to two receivers (two URLs in SOKETI_DEFAULT_APP_WEBHOOKS), two jars
 * sharing one PostgreSQL schema (issue 28): each receiver accepts every event, which is stored once,
 * and the sessions and occupancy are those of what the pusher-js members did.
 */
class TwoReceiversOnPostgresIT {

    private static final String APP_ID = "4732";
    private static final String KEY = "e2e-two-receivers-key";
    private static final String SECRET = "e2e-two-receivers-secret";
    private static final String SCHEMA = "pusher_two_receivers";
    private static final Duration PRECISION = Duration.ofSeconds(1);
    private static final Pattern NEW_EVENTS = Pattern.compile("Webhook accepted for app " + APP_ID + ": (\\d+) new events");

    @TempDir
    Path workDir;

    @Test
    void everyEventIsStoredOnceAndTheSessionsAreWhatTheMembersDid() throws Exception {
        TestDatabase db = TestDatabase.postgres();
        db.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        int[] webhookPorts = {ReplicaFleet.freePort(), ReplicaFleet.freePort()};
        int[] managementPorts = {ReplicaFleet.freePort(), ReplicaFleet.freePort()};
        try (Soketi soketi = Soketi.start(APP_ID, KEY, SECRET,
                Map.of("SOKETI_DEFAULT_APP_WEBHOOKS", WebhookReceivers.soketiWebhooks(webhookPorts)))) {
            List<JarRun.Running> jars = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    // At DEBUG each 200 is logged with how many of its events were new to the database.
                    jars.add(JarRun.start(Files.createDirectories(workDir.resolve("receiver-" + (i + 1))),
                            WebhookReceivers.env(soketi, db, SCHEMA, webhookPorts[i], managementPorts[i]),
                            List.of("-Dorg.slf4j.simpleLogger.log.pusher.webhooks=debug")));
                }
                for (int i = 0; i < 2; i++) {
                    WebhookReceivers.awaitStarted(jars.get(i), webhookPorts[i]);
                }

                Instant beforeJoin = Instant.now();
                PresenceMembers members = PresenceMembers.join(soketi, APP_ID, KEY, SECRET, List.of(
                        "presence-a|u1", "presence-a|u2", "presence-a|u3", "presence-b|u4", "presence-b|u5", "presence-c|u6"));
                Instant joined = Instant.now();
                try (members) {
                    Instant beforeLeave = Instant.now();
                    members.leave("presence-a", "u2");
                    members.leave("presence-b", "u5");
                    members.leave("presence-c", "u6");
                    Instant left = Instant.now();

                    // soketi posts one event per request, to each URL: 3 occupied, 6 added, 3 removed, 1 vacated.
                    List<List<Object>> expected = List.of(
                            row("channel_occupied", "presence-a", null), row("channel_occupied", "presence-b", null),
                            row("channel_occupied", "presence-c", null), row("channel_vacated", "presence-c", null),
                            row("member_added", "presence-a", "u1"), row("member_added", "presence-a", "u2"),
                            row("member_added", "presence-a", "u3"), row("member_added", "presence-b", "u4"),
                            row("member_added", "presence-b", "u5"), row("member_added", "presence-c", "u6"),
                            row("member_removed", "presence-a", "u2"), row("member_removed", "presence-b", "u5"),
                            row("member_removed", "presence-c", "u6"));
                    for (int i = 0; i < 2; i++) {
                        int port = managementPorts[i];
                        jars.get(i).await("receiver " + (i + 1) + " accepting all " + expected.size() + " webhooks", 15,
                                () -> WebhookReceivers.accepted(port) >= expected.size());
                    }

                    assertThat(db.rows("SELECT event_name, channel_name, user_id FROM " + SCHEMA + ".webhook_events"
                            + " ORDER BY event_name, channel_name, user_id")).as("stored once each").containsExactlyElementsOf(expected);
                    assertThat(db.rows("SELECT COUNT(*), COUNT(DISTINCT (time_ms, event_name, channel_name, user_id)) FROM "
                            + SCHEMA + ".webhook_events")).containsExactly(row((long) expected.size(), (long) expected.size()));
                    int[] newEvents = new int[2];
                    for (int i = 0; i < 2; i++) {
                        assertThat(WebhookReceivers.accepted(managementPorts[i])).as("receiver %d's 200s", i + 1)
                                .isEqualTo(expected.size());
                        Matcher m = NEW_EVENTS.matcher(jars.get(i).output());
                        while (m.find()) {
                            newEvents[i] += Integer.parseInt(m.group(1));
                        }
                    }
                    System.out.println("New events stored by receiver 1: " + newEvents[0] + ", by receiver 2: " + newEvents[1]);
                    assertThat(newEvents[0] + newEvents[1]).as("each event new to exactly one receiver").isEqualTo(expected.size());

                    List<List<Object>> sessions = db.rows("SELECT channel_name, user_id, left_at IS NULL, joined_by, joined_at, left_at"
                            + " FROM " + SCHEMA + ".presence_sessions ORDER BY channel_name, user_id");
                    assertThat(sessions).extracting(s -> s.subList(0, 4)).containsExactly(
                            row("presence-a", "u1", true, "webhook"), row("presence-a", "u2", false, "webhook"),
                            row("presence-a", "u3", true, "webhook"), row("presence-b", "u4", true, "webhook"),
                            row("presence-b", "u5", false, "webhook"), row("presence-c", "u6", false, "webhook"));
                    for (List<Object> session : sessions) {
                        assertWithin((Instant) session.get(4), beforeJoin, joined);
                        if (session.get(5) != null) {
                            assertWithin((Instant) session.get(5), beforeLeave, left);
                        }
                    }
                    assertThat(db.rows("SELECT user_id, left_by FROM " + SCHEMA + ".presence_sessions WHERE user_id IN ('u2', 'u5')"
                            + " ORDER BY user_id")).containsExactly(row("u2", "webhook"), row("u5", "webhook"));
                    assertThat(db.rows("SELECT channel_name, vacated_at IS NULL, occupied_by FROM " + SCHEMA + ".channel_occupancy"
                            + " ORDER BY channel_name")).containsExactly(row("presence-a", true, "webhook"),
                            row("presence-b", true, "webhook"), row("presence-c", false, "webhook"));
                    assertThat(db.rows("SELECT channel_name, user_id FROM " + SCHEMA + ".presence_now ORDER BY channel_name, user_id"))
                            .containsExactly(row("presence-a", "u1"), row("presence-a", "u3"), row("presence-b", "u4"));
                }
                for (JarRun.Running jar : jars) {
                    assertThat(jar.output().lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")))
                            .as("warnings and errors, but for the 405 to the start's probe")
                            .allMatch(line -> line.contains("Webhook refused with 405 (wrong_method)"));
                    assertThat(jar.output()).doesNotContain(SECRET);
                }
            } finally {
                jars.forEach(JarRun.Running::stop);
            }
        }
    }

    private static void assertWithin(Instant observed, Instant from, Instant to) {
        assertThat(observed).as("between %s and %s, give or take %s", from, to, PRECISION)
                .isBetween(from.minus(PRECISION), to.plus(PRECISION));
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }
}
