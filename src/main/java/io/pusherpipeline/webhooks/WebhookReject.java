package io.pusherpipeline.webhooks;

/**
 * An event of a verified batch that breaks the documented shape ({@link EventShape}): left out of
 * the history and kept in {@code webhook_rejects} with its reason, while the rest of its batch is
 * stored. {@code name} and {@code event} (the event's JSON) are as received, unescaped.
 */
public record WebhookReject(String eventKey, String appId, long timeMs, int index, String name, String reason, String event) {

    /** The name fit for one log line: at most 60 plain characters. */
    String printableName() {
        if (name == null) {
            return "no name";
        }
        String plain = name.replaceAll("[^\\x20-\\x7e]", "?");
        return plain.length() > 60 ? plain.substring(0, 60) + "..." : plain;
    }
}
