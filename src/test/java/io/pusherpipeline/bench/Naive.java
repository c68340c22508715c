package io.pusherpipeline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.pusher.rest.Pusher;
import com.pusher.rest.data.Result;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

/**
 * The naive baseline: what a user writes by hand. The official pusher-http-java client in a
 * sequential loop (the list, then each presence channel's members), one INSERT per row, into H2.
 */
final class Naive {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Naive() {
    }

    /** Seconds taken, H2's start included. */
    static double run(int port, Path dir) throws Exception {
        long start = System.nanoTime();
        try (Pusher pusher = new Pusher("http://" + BenchPusher.KEY + ":" + BenchPusher.SECRET
                + "@127.0.0.1:" + port + "/apps/" + BenchPusher.APP_ID);
             Connection db = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("naive").toAbsolutePath())) {
            try (Statement s = db.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS apps_channels (snapshot_at TIMESTAMP, channel_name VARCHAR, subscription_count INT)");
                s.execute("CREATE TABLE IF NOT EXISTS channels_channel_users (snapshot_at TIMESTAMP, channel_name VARCHAR, user_id VARCHAR)");
            }
            Timestamp now = new Timestamp(System.currentTimeMillis());
            Map<?, ?> channels = (Map<?, ?>) answer(pusher.get("/channels")).get("channels");
            for (Map.Entry<?, ?> channel : channels.entrySet()) {
                String name = channel.getKey().toString();
                Object count = ((Map<?, ?>) channel.getValue()).get("subscription_count");
                try (PreparedStatement s = db.prepareStatement("INSERT INTO apps_channels VALUES (?, ?, ?)")) {
                    s.setTimestamp(1, now);
                    s.setString(2, name);
                    s.setObject(3, count);
                    s.executeUpdate();
                }
                if (name.startsWith("presence-")) {
                    List<?> users = (List<?>) answer(pusher.get("/channels/" + name + "/users")).get("users");
                    for (Object user : users) {
                        try (PreparedStatement s = db.prepareStatement("INSERT INTO channels_channel_users VALUES (?, ?, ?)")) {
                            s.setTimestamp(1, now);
                            s.setString(2, name);
                            s.setString(3, ((Map<?, ?>) user).get("id").toString());
                            s.executeUpdate();
                        }
                    }
                }
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static Map<?, ?> answer(Result result) throws Exception {
        if (result.getStatus() != Result.Status.SUCCESS) {
            throw new IllegalStateException("pusher-http-java: " + result.getStatus() + " " + result.getMessage());
        }
        return JSON.readValue(result.getMessage(), Map.class);
    }
}
