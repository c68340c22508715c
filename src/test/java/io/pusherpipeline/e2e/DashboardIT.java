package io.pusherpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.testing.FakePusher;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard as a user opens it: the built jar takes snapshots (of soketi with real pusher-js
 * members, and of a fake app with 10,000 channels), headless Chromium loads GET / from its
 * management port, and the figures of the rendered page are checked against the database.
 * Screenshots go to target/dashboard-*.png.
 */
class DashboardIT {

    private static final String APP_ID = "4720";
    private static final String KEY = "dashboard-key";
    private static final String SECRET = "dashboard-secret-canary";
    private static final int SNAPSHOTS = 3;

    @TempDir
    Path workDir;

    private int figuresBytes;

    @Test
    void thePageShowsTheLoadsTablesChannelsMembersAndChartsTheDatabaseHolds() throws Exception {
        try (Soketi soketi = Soketi.start(APP_ID, KEY, SECRET);
             PresenceMembers members = PresenceMembers.join(soketi, APP_ID, KEY, SECRET, List.of(
                     "presence-lobby|alice", "presence-lobby|bob", "presence-game-1|<i>eve</i>", "public-news|carol"))) {
            String dom = snapshotsThenRender(soketi.jarEnvironment(), "dashboard-soketi.png");

            assertThat(dom).doesNotContain(SECRET).contains("Schema version 5");
            assertThat(attributes(dom, "tr", "data-table", "data-rows")).isEqualTo(
                    rowsPerTable("pusher_loads", "apps_channels", "channels_channel_users",
                            "webhook_events", "presence_sessions", "channel_occupancy", "webhook_rejects", "channel_events"));
            assertThat(count(dom, "<tr data-status=\"loaded\"")).isEqualTo(SNAPSHOTS);
            assertThat(attributes(dom, "tr", "data-channel", "data-members")).isEqualTo(currentMembers());
            // A user id is shown as the text it is, never as markup.
            assertThat(dom).contains("&lt;i&gt;eve&lt;/i&gt;").doesNotContain("<i>eve</i>");
            Map<String, String> charts = attributes(dom, "figure", "data-channel", "data-latest");
            assertThat(charts).containsExactlyInAnyOrderEntriesOf(Map.of("presence-lobby", "2", "presence-game-1", "1"));
            // Beside them, the occupied channels, here from the snapshots (no webhooks): 3 in the latest.
            assertThat(attributes(dom, "figure", "data-series", "data-latest")).isEqualTo(Map.of("occupancy", "3"));
            assertThat(count(dom, "<polyline")).isEqualTo(3);
        }
    }

    @Test
    void theChannelHistoryListsTheChannelsWithEventsAndTheGaps() throws Exception {
        try (Soketi soketi = Soketi.start(APP_ID, KEY, SECRET)) {
            Path inbox = workDir.resolve("events");
            InboxFiles.drop(inbox, "news.json", "[{\"channel\": \"public-news\", \"name\": \"headline\", \"data\": {\"n\": 1}},"
                    + " {\"channel\": \"public-news\", \"name\": \"headline\", \"data\": {\"n\": 2}},"
                    + " {\"channel\": \"private-desk\", \"name\": \"note\", \"data\": \"<b>hi</b>\"}]");
            Map<String, String> env = new LinkedHashMap<>(soketi.jarEnvironment());
            env.put("PUSHER_EVENTS_DIR", inbox.toString());
            String dom = snapshotsThenRender(env, "dashboard-history.png", () -> {
                Awaitility.await().atMost(Duration.ofSeconds(30))
                        .until(() -> query("SELECT COUNT(*) FROM pusher_data.channel_events").get(0).get(0).equals("3"));
                H2File.execute(workDir.resolve("data/pusher"), "INSERT INTO pusher_data.channel_gaps (app_id, started_at, ended_at, reason)"
                        + " VALUES ('" + APP_ID + "', CURRENT_TIMESTAMP - INTERVAL '5' MINUTE, NULL, 'soketi went away')");
            });

            assertThat(dom).contains("data-total=\"2\"");
            assertThat(attributes(dom, "tr", "data-channel", "data-events")).isEqualTo(Map.of("public-news", "2", "private-desk", "1"));
            assertThat(count(dom, "data-open=\"true\"")).isEqualTo(1);
            assertThat(dom).contains("soketi went away").contains("still open").doesNotContain(SECRET);
        }
    }

    @Test
    void withTenThousandChannelsItShowsTheFirstHundredAndSaysHowManyThereAre() throws Exception {
        try (FakePusher pusher = FakePusher.start("4721", "big-key", "big-secret-canary")) {
            for (int i = 0; i < 10_000; i++) {
                pusher.channel("public-" + i, i % 97);
            }
            pusher.members("presence-busy", "u1", "u2", "u3");
            String dom = snapshotsThenRender(pusher.jarEnvironment(), "dashboard-10k.png");
            assertThat(figuresBytes).as("the figures the page reads every 5 s stay small").isLessThan(64 * 1024);

            assertThat(dom).contains("data-total=\"10001\"").contains("The first 100 of 10,001 channels");
            // Presence channels come first: they are what the page is for.
            assertThat(count(dom, "<tr data-channel=")).isEqualTo(100);
            assertThat(attributes(dom, "tr", "data-channel", "data-members")).containsEntry("presence-busy", "u1 u2 u3");
        }
    }

    interface Setup {
        void run() throws Exception;
    }

    private String snapshotsThenRender(Map<String, String> pusherEnv, String screenshot) throws Exception {
        return snapshotsThenRender(pusherEnv, screenshot, () -> { });
    }

    private String snapshotsThenRender(Map<String, String> pusherEnv, String screenshot, Setup beforeRender) throws Exception {
        int port = freePort();
        Map<String, String> env = new LinkedHashMap<>(pusherEnv);
        env.put("PUSHER_SNAPSHOT_PERIOD", "1s");
        env.put("PUSHER_SNAPSHOT_REPEAT_COUNT", Integer.toString(SNAPSHOTS));
        env.put("PUSHER_MANAGEMENT_ENABLED", "true");
        env.put("PUSHER_MANAGEMENT_PORT", Integer.toString(port));
        JarRun.Running app = JarRun.start(workDir, env, List.of());
        try {
            app.await(SNAPSHOTS + " snapshots loaded", 60, () -> app.output().split(" loaded in ", -1).length > SNAPSHOTS);
            app.awaitOutput("Dashboard at http://", 10);
            beforeRender.run();
            String url = "http://127.0.0.1:" + port + "/";
            String dom = Chromium.renderedDom(url, workDir);
            figuresBytes = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "dashboard.json")).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body().length;
            Chromium.screenshot(url, Path.of("target", screenshot), workDir);
            assertThat(app.output()).doesNotContain("Dashboard figures not read");
            return dom;
        } finally {
            app.terminate();
            app.awaitExit(40);
        }
    }

    /** The given attribute pairs of every such element in the page, in page order. */
    private static Map<String, String> attributes(String dom, String element, String key, String value) {
        Matcher m = Pattern.compile("<" + element + " [^>]*" + key + "=\"([^\"]*)\"[^>]*" + value + "=\"([^\"]*)\"").matcher(dom);
        Map<String, String> found = new LinkedHashMap<>();
        while (m.find()) {
            found.put(unescape(m.group(1)), unescape(m.group(2)));
        }
        return found;
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }

    private static int count(String dom, String text) {
        return dom.split(Pattern.quote(text), -1).length - 1;
    }

    private Map<String, String> rowsPerTable(String... tables) throws SQLException {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String table : tables) {
            rows.put(table, query("SELECT COUNT(*) FROM pusher_data." + table).get(0).get(0));
        }
        return rows;
    }

    /** Each channel of the latest load with its members, space-separated. */
    private Map<String, String> currentMembers() throws SQLException {
        Map<String, String> channels = new LinkedHashMap<>();
        for (List<String> row : query("SELECT c.channel_name, (SELECT COALESCE(LISTAGG(u.user_id, ' ') WITHIN GROUP (ORDER BY u.user_id), '')"
                + " FROM pusher_data.channels_channel_users u WHERE u.load_id = c.load_id AND u.channel_name = c.channel_name)"
                + " FROM pusher_data.current_channels c")) {
            channels.put(row.get(0), row.get(1));
        }
        return channels;
    }

    private List<List<String>> query(String sql) throws SQLException {
        return H2File.rows(workDir.resolve("data/pusher"), sql);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
