package io.pusherpipeline.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pusherpipeline.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * Reads Pusher's JSON answers. Refuses text that is not JSON, saying what came, and errors in
 * a 2xx envelope: Pusher-compatible servers such as soketi answer some errors with status 200
 * and a body {@code {"error": "...", "code": 401}}.
 */
public final class PusherAnswers {

    private static final ObjectMapper JSON = Json.MAPPER;

    /**
     * The answer read from its bytes as they came (camel-http hands them over as they were read):
     * no decoded copy as a String first, which the 10,000-channel list made for nothing.
     */
    public Object parse(@Body byte[] body, @Header(Exchange.HTTP_PATH) String path) {
        Object answer;
        try {
            answer = JSON.readValue(body, Object.class);
        } catch (IOException e) {
            throw new UnexpectedResponseException("GET " + path, "JSON", new String(body, StandardCharsets.UTF_8));
        }
        if (answer instanceof Map<?, ?> map && map.get("error") != null && map.get("code") instanceof Number code
                && code.intValue() >= 400) {
            throw new PusherApiException(code.intValue(), path, String.valueOf(map.get("error")));
        }
        return answer;
    }
}
