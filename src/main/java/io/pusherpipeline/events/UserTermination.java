package io.pusherpipeline.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.pusherpipeline.ExchangeProperties;
import io.pusherpipeline.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The steps of {@code direct:pusher-terminate-user}: which user (header {@code PusherUserId}, or the
 * body), the request {@code POST /apps/{id}/users/{user_id}/terminate_connections}, and the reply.
 */
public final class UserTermination {

    public static final String USER_HEADER = "PusherUserId";
    /** An inbox file {@code {"terminate_user_connections": "<user id>"}} asks for it. */
    static final String FILE_FIELD = "terminate_user_connections";

    private String appId;

    public void setAppId(String appId) {
        this.appId = appId;
    }

    /** Refuses a bad user id before anything is sent; otherwise makes the message the request's path and body {}. */
    public void prepare(Exchange exchange) {
        String user = exchange.getMessage().getHeader(USER_HEADER, String.class);
        if (user == null) {
            user = exchange.getMessage().getBody(String.class);
        }
        List<EventProblem> problems = EventRules.userId(-1, "user", user == null ? null : new TextNode(user.strip()));
        if (!problems.isEmpty()) {
            throw new RefusedEventsException("the user connections to terminate", problems);
        }
        exchange.getMessage().setHeader(USER_HEADER, user.strip());
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/apps/" + appId + "/users/" + user.strip() + "/terminate_connections");
        exchange.getMessage().setBody("{}".getBytes(StandardCharsets.UTF_8));
    }

    /** The reply: user_id, status terminated, http_status. */
    public Map<String, Object> reply(Exchange exchange) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("user_id", exchange.getMessage().getHeader(USER_HEADER, String.class));
        reply.put("status", "terminated");
        reply.put("http_status", exchange.getProperty(ExchangeProperties.HTTP_STATUS, Integer.class));
        return reply;
    }

    /** For the inbox: the user of a file that asks to terminate a user's connections; null for a file of events. */
    public String fileUser(Exchange exchange) {
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        JsonNode root;
        try {
            root = bytes == null ? null : Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            return null; // not JSON: publishing says where it breaks
        }
        if (root == null || !root.isObject() || root.size() != 1 || !root.has(FILE_FIELD)) {
            return null;
        }
        JsonNode user = root.get(FILE_FIELD);
        return user.isTextual() ? user.textValue() : user.toString();
    }
}
