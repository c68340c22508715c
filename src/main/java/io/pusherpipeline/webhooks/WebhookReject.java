package io.pusherpipeline.webhooks;

/**
 * An event of a verified batch that breaks the documented shape ({@link EventShape}): left out of
 * the history and kept in {@code webhook_rejects} with its reason, while the rest of its batch is
 * stored. {@code name} and {@code event} (the event's JSON) are as received, unescaped.
 */
public record WebhookReject(String eventKey, String appId, long timeMs, int index, String name, String reason, String event) {
}
