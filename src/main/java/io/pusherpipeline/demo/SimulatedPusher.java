package io.pusherpipeline.demo;

import io.pusherpipeline.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pusherpipeline.demo.PusherApiServer.Answer;
import io.pusherpipeline.demo.PusherApiServer.Request;
import io.pusherpipeline.signing.PusherSignature;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated Pusher of {@code --demo}: serves a {@link SimulatedApp}, accepts published events,
 * and sends signed webhooks of its members coming and going to the receiver. Each channel list
 * (the start of a snapshot) moves the app to its next moment.
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
    private final String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private final PusherApiServer server = new PusherApiServer(APP_ID, KEY, secret, PusherSignature::sign, 8, this::answer);
    private final WebhookPoster webhooks;

    private SimulatedPusher(URI webhookReceiver) {
        webhooks = new WebhookPoster(webhookReceiver, KEY, secret);
    }

    /** Serves at once; its webhooks go to {@code webhookReceiver}, which needs to listen by the first snapshot. */
    public static SimulatedPusher start(URI webhookReceiver) {
        return new SimulatedPusher(webhookReceiver);
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

    /** Waits for the answers to the webhooks still on their way; returns why each one not accepted was not. */
    public List<String> awaitWebhooks(Duration atMost) {
        return webhooks.awaitAnswers(atMost);
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
            List<Map<String, Object>> cameAndWent = app.advance();
            app.visit().ifPresent(visit -> {
                webhooks.postLater(visit.joinsAfter(), visit.joining());
                webhooks.postLater(visit.leavesAfter(), visit.leaving());
            });
            // The receiver has stored who came and went before the snapshot lists who is there.
            webhooks.post(cameAndWent);
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
