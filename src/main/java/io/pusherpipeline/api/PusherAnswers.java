package io.pusherpipeline.api;

import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * Refuses answers that are errors in a 2xx envelope: Pusher-compatible servers such as soketi
 * answer some errors with status 200 and a body {@code {"error": "...", "code": 401}}.
 */
public final class PusherAnswers {

    public Object requireSuccess(@Body Object answer, @Header(Exchange.HTTP_PATH) String path) {
        if (answer instanceof Map<?, ?> map && map.get("error") != null && map.get("code") instanceof Number code
                && code.intValue() >= 400) {
            throw new PusherApiException(code.intValue(), path, String.valueOf(map.get("error")));
        }
        return answer;
    }
}
