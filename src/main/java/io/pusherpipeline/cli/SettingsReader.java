package io.pusherpipeline.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.camel.util.TimeUtils;

/** Reads settings as typed values, noting each one that does not parse in one line that names it and what it accepts. */
final class SettingsReader {

    private final Function<String, Optional<String>> properties;
    private final List<String> problems = new ArrayList<>();

    SettingsReader(Function<String, Optional<String>> properties) {
        this.properties = properties;
    }

    String text(String key) {
        return properties.apply(key).map(String::strip).orElse("");
    }

    void problem(String message) {
        problems.add(message);
    }

    /** Every problem noted, one per line, as bad configuration. */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigurationProblem(String.join(System.lineSeparator(), problems));
        }
    }

    Duration duration(String key) {
        String text = text(key);
        if (isEmpty(key, text, "write it like 30s, 5m, 1h or 1500 (milliseconds)")) {
            return Duration.ZERO;
        }
        long millis;
        try {
            millis = TimeUtils.toMilliSeconds(text);
        } catch (RuntimeException e) {
            millis = 0;
        }
        // Camel reads text it does not understand as 0 ms.
        if (millis <= 0) {
            problems.add(key + "=" + text + " is not a duration: write it like 30s, 5m, 1h or 1500 (milliseconds).");
        }
        return Duration.ofMillis(millis);
    }

    /** What {@code parse} makes of the text; a rule it breaks (an IllegalArgumentException) is noted, and null returned. */
    <T> T parsed(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage() + ".");
            return null;
        }
    }

    int positiveInteger(String key) {
        return wholeNumber(key, 1);
    }

    int wholeNumber(String key, int least) {
        String text = text(key);
        if (isEmpty(key, text, "a whole number, " + least + " or more")) {
            return least;
        }
        try {
            int number = Integer.parseInt(text);
            if (number < least) {
                problems.add(key + "=" + text + " must be " + least + " or more.");
            }
            return number;
        } catch (NumberFormatException e) {
            problems.add(key + "=" + text + " is not a whole number.");
            return least;
        }
    }

    int port(String key) {
        String text = text(key);
        if (isEmpty(key, text, "a port, 1 to 65535")) {
            return 0;
        }
        int port = text.matches("[0-9]{1,5}") ? Integer.parseInt(text) : 0;
        if (port < 1 || port > 65535) {
            problems.add(key + "=" + text + " is not a port: 1 to 65535.");
        }
        return port;
    }

    // Camel reads anything but true as false, or fails deep in a route with a stack trace.
    boolean trueOrFalse(String key) {
        String text = text(key);
        if (isEmpty(key, text, "true or false")) {
            return false;
        }
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            problems.add(key + "=" + text + " must be true or false.");
        }
        return text.equalsIgnoreCase("true");
    }

    /** A placeholder whose setting is not set ({@code {{nope}}}) reads as empty too: said in words, not as "key=". */
    private boolean isEmpty(String key, String text, String accepts) {
        if (text.isEmpty()) {
            problems.add(key + " is empty, or a {{placeholder}} in it names a setting that is not set: " + accepts + ".");
        }
        return text.isEmpty();
    }
}
