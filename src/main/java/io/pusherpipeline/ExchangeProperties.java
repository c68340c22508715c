package io.pusherpipeline;

/**
 * The exchange properties the routes and the beans share, by the names the YAML uses
 * ({@code ${exchangeProperty.pusherSnapshot.summary}}); a test checks the routes use no other.
 */
public final class ExchangeProperties {

    /** The {@code PusherApp} a snapshot and its requests are for. */
    public static final String APP = "pusherApp";
    /** The {@code Snapshot} being taken. */
    public static final String SNAPSHOT = "pusherSnapshot";
    /** The id of the exchange that carries a whole snapshot, told apart from the copies split and enrich make. */
    public static final String SNAPSHOT_OWNER = "pusherSnapshotExchangeId";
    /** Without members, the user counts of the presence-only list, asked before the channel list. */
    public static final String USER_COUNTS = "pusherUserCounts";
    /** The {@code Publication} of one call of direct:pusher-publish. */
    public static final String PUBLICATION = "pusherPublication";
    /** The HTTP status of the POST just made, for the journal. */
    public static final String HTTP_STATUS = "pusherHttpStatus";
    /** Pusher's parsed answer to the POST just made (the counts of {@code info}). */
    public static final String HTTP_ANSWER = "pusherHttpAnswer";
    /** Where the inbox moves the file when its exchange completes (.done, .error, .unfinished). */
    public static final String INBOX_FOLDER = "pusherInboxFolder";

    /** The body of a webhook request as Pusher sent it, its signature already checked. */
    public static final String WEBHOOK_BODY = "pusherWebhookBody";

    private ExchangeProperties() {
    }
}
