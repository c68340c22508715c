package io.pusherpipeline.demo;

import io.pusherpipeline.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pusherpipeline.demo.PusherApiServer.Answer;
import io.pusherpipeline.demo.PusherApiServer.Request;
import io.pusherpipeline.signing.PusherSignature;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated Pusher of {@code --demo}: serves a {@link SimulatedApp} and accepts published
 * events. Each channel list (the start of a snapshot) moves the app to its next moment.
 */
public final class SimulatedPusher implements AutoCloseable {

    public static final String APP_ID = "simulated-demo";
    public static final String KEY = "simulated-demo-key";

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final Pattern USERS = Pattern.compile("/apps/" + APP_ID + "/channels/([^/]+)/users");
    private static final Pattern CHANNELS = Pattern.compile("/apps/" + APP_ID + "/channels");
    private static final Pattern EVENTS = Pattern.compile("/apps/" + APP_ID + "/(batch_)?events");

    private final SimulatedApp app = new SimulatedApp();
    private final AtomicInteger eventsReceived = new AtomicInteger();
    private final PusherApiServer server = new PusherApiServer(APP_ID, KEY,
            HexFormat.of().formatHex(new SecureRandom().generateSeed(16)), PusherSignature::sign, 8, this::answer);

    private SimulatedPusher() {
    }

    public static SimulatedPusher start() {
        return new SimulatedPusher();
    }

    /** The settings that point the unchanged routes at this simulator and nowhere else. */
    public Map<String, String> settings() {
        return server.settings();
    }

    public int eventsReceived() {
        return eventsReceived.get();
    }

    public int refusedSignatures() {
        return server.refusals().size();
    }

    @Override
    public void close() {
        server.close();
    }

    private Answer answer(Request request) throws IOException {
        Matcher m;
        if ((m = USERS.matcher(request.path())).matches()) {
            return Answer.json(Map.of("users", app.members(m.group(1)).stream().map(id -> Map.of("id", id)).toList()));
        } else if (CHANNELS.matcher(request.path()).matches()) {
            app.advance();
            Map<String, Object> channels = new LinkedHashMap<>();
            app.channels().forEach((name, count) -> channels.put(name, Map.of("subscription_count", count)));
            return Answer.json(Map.of("channels", channels));
        } else if (EVENTS.matcher(request.path()).matches() && "POST".equals(request.method())) {
            Object batch = JSON.readValue(request.body(), Map.class).get("batch");
            eventsReceived.addAndGet(batch instanceof List<?> list ? list.size() : 1);
            return Answer.json(Map.of());
        }
        return Answer.text(404, "The simulated Pusher has no " + request.path());
    }
}
