package io.pusherpipeline.storage;

import java.time.Duration;
import java.util.Optional;
import org.apache.camel.util.TimeUtils;

/**
 * How long rows are kept ({@code pusher.retention}, {@code pusher.history.retention}): {@code 30d},
 * {@code 12h}, ... or ISO-8601 ({@code P30D}, {@code PT12H}); empty or {@code off} keeps them all.
 */
public final class Retention {

    private Retention() {
    }

    public static Optional<Duration> parse(String text) {
        return parse("pusher.retention", text);
    }

    /** {@code key} names the setting in the message of a value that does not parse. */
    public static Optional<Duration> parse(String key, String text) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty() || value.equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        Duration duration;
        try {
            // Camel's TimeUtils reads "P30D" as 0: ISO-8601 is parsed by the JDK.
            duration = value.startsWith("P") || value.startsWith("p") ? Duration.parse(value)
                    : Duration.ofMillis(TimeUtils.toMilliSeconds(value));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Parameter [" + key + "] must be a duration such as 30d, 12h, P30D"
                    + " or off, was: " + text, e);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("Parameter [" + key + "] must be longer than zero (or off), was: " + text);
        }
        return Optional.of(duration);
    }
}
