package io.pusherpipeline.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How the webhook benchmark's batches arrive ({@code --webhook-order}, issue 28). Batches are always
 * made in time order; a shape then decides the order they are sent in, what is sent again and where.
 * <ul>
 * <li>{@code in-order}: in the order made, each channel's events in time order (2000 channels);</li>
 * <li>{@code shuffled}: permuted within each run of {@value #WINDOW} consecutive batches, as concurrent
 *     deliveries overtake each other (1000 channels, never vacated);</li>
 * <li>{@code retried}: shuffled, and 10% of the batches sent again 1 to 5 minutes later, the same body,
 *     as Pusher's retries come (the first delivery is sent too);</li>
 * <li>{@code two-receivers}: shuffled, split round robin over two jars on one database, 1% of the
 *     batches sent to both.</li>
 * </ul>
 */
enum WebhookOrder {

    IN_ORDER(1, 2000, 0, 1, 0),
    SHUFFLED(WebhookOrder.WINDOW, 1000, 0, 1, 0),
    RETRIED(WebhookOrder.WINDOW, 1000, 0.10, 1, 0),
    TWO_RECEIVERS(WebhookOrder.WINDOW, 1000, 0, 2, 0.01);

    static final int WINDOW = 64;

    /** Batches permuted together (1: none), channels by default, share sent again late, receivers, share sent to all. */
    final int window;
    final int defaultChannels;
    final double retriedShare;
    final int receivers;
    final double toAllShare;

    WebhookOrder(int window, int defaultChannels, double retriedShare, int receivers, double toAllShare) {
        this.window = window;
        this.defaultChannels = defaultChannels;
        this.retriedShare = retriedShare;
        this.receivers = receivers;
        this.toAllShare = toAllShare;
    }

    /** The option's spelling: in-order, shuffled, retried, two-receivers. */
    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A comma list of labels, in the order given. */
    static List<WebhookOrder> parseList(String labels) {
        return Arrays.stream(labels.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(WebhookOrder::parse).toList();
    }

    static WebhookOrder parse(String label) {
        for (WebhookOrder order : values()) {
            if (order.label().equals(label)) {
                return order;
            }
        }
        throw new IllegalArgumentException("Parameter [webhook-order] must be one of "
                + Arrays.stream(values()).map(WebhookOrder::label).toList() + " (a comma list runs several), not " + label);
    }

    /**
     * The delay of a retried batch, in seconds: Pusher's 60 to 300 for a run of 5 minutes or more; a
     * shorter run gets {@code seconds/5} to {@code seconds}, so its retries still come late within it.
     */
    static double[] retryDelaySeconds(double runSeconds) {
        return runSeconds >= 300 ? new double[] {60, 300} : new double[] {runSeconds / 5, runSeconds};
    }
}
