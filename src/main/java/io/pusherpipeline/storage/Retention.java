package io.pusherpipeline.storage;

import java.time.Duration;
import java.util.Optional;
import org.apache.camel.util.TimeUtils;

/** How long loads are kept ({@code pusher.retention}): {@code 30d}, {@code 12h}, ...; empty or {@code off} keeps them all. */
public final class Retention {

    private Retention() {
    }

    public static Optional<Duration> parse(String text) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty() || value.equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        long millis;
        try {
            millis = TimeUtils.toMilliSeconds(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Parameter [pusher.retention] must be a duration such as 30d, 12h"
                    + " or off, was: " + text, e);
        }
        if (millis <= 0) {
            throw new IllegalArgumentException("Parameter [pusher.retention] must be longer than zero (or off), was: " + text);
        }
        return Optional.of(Duration.ofMillis(millis));
    }
}
