package io.pusherpipeline.events;

import io.pusherpipeline.ExchangeProperties;
import io.pusherpipeline.api.PusherApiException;
import io.pusherpipeline.snapshot.FailureReasons;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Route;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.throttling.ThrottlingExceptionRoutePolicy;
import org.apache.camel.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the inbox back while Pusher refuses the whole app (401, 403, 404) or cannot be reached:
 * Camel's circuit breaker route policy on the inbox route, opened by the first
 * {@link PublishingPausedException}; files stay where they are, one is tried again every
 * {@code pusher.events.pause-retry}, and publishing resumes by itself with the first file Pusher accepts.
 * Seen on Camel 4.18: a suspended consumer is still allowed to run (isRunAllowed), so the file
 * consumer finishes the batch of the poll it is in; {@link #holdsBack} keeps the rest of that
 * batch in the inbox (rolled back, released from in-progress), so files still go out in name order.
 */
public final class PublishingPause extends ThrottlingExceptionRoutePolicy {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.events");
    private static final String HELD_BACK = "pusherHeldBack";

    private String dir = "./events";
    private volatile Instant pausedSince;

    public PublishingPause() {
        super(1, 15_000, 30_000, List.of(PublishingPausedException.class));
    }

    /** How long the circuit stays open before one file is tried again (a duration: 30s, 500ms). */
    public void setRetryEvery(String retryEvery) {
        long millis = TimeUtils.toMilliSeconds(retryEvery);
        setHalfOpenAfter(millis);
        // A failure counts until the next try is due, no longer: the half-open try decides alone.
        setFailureWindow(Math.max(1, millis / 2));
    }

    public void setDir(String dir) {
        this.dir = dir;
    }

    /**
     * Whether the inbox keeps this file for later: while the circuit is open, and while it is half
     * open for all but the first file of a poll (the one try).
     */
    public boolean holdsBack(Exchange exchange) {
        String state = getStateAsString();
        boolean held = "opened".equals(state)
                || "half opened".equals(state) && exchange.getProperty(ExchangePropertyKey.BATCH_INDEX, 0, Integer.class) > 0;
        exchange.setProperty(HELD_BACK, held);
        return held;
    }

    /** A held-back file, or one refused before anything was sent, tells nothing of Pusher: it does not end a half-open try. */
    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        boolean saysNothing = exchange.getProperty(HELD_BACK, false, Boolean.class)
                || exchange.getProperty(Exchange.EXCEPTION_CAUGHT) instanceof RefusedEventsException;
        if (!(saysNothing && "half opened".equals(getStateAsString()))) {
            super.onExchangeDone(route, exchange);
        }
    }

    /** Says why publishing pauses (or is still paused); the exchange then fails with {@link PublishingPausedException}. */
    public void pause(Exchange exchange) {
        Publication publication = exchange.getProperty(ExchangeProperties.PUBLICATION, Publication.class);
        // The advice names the settings of the app whose request failed (pusher.apps.<name>.*).
        String reason = describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class),
                publication == null ? "" : publication.pendingApp());
        if (pausedSince == null) {
            pausedSince = Instant.now();
            LOG.error("Publishing PAUSED: {} Files stay in {} (nothing is lost) and one is tried again every {} s until Pusher accepts it.",
                    reason, dir, getHalfOpenAfter() / 1000.0);
        } else {
            LOG.warn("Publishing still paused (since {}): {}", pausedSince.truncatedTo(ChronoUnit.SECONDS), reason);
        }
    }

    @Override
    protected void closeCircuit(Route route) {
        super.closeCircuit(route);
        Instant since = pausedSince;
        if (since != null) {
            pausedSince = null;
            LOG.info("Publishing resumed: Pusher accepts events again after a pause of {} s.",
                    Duration.between(since, Instant.now()).toSeconds());
        }
    }

    static String describe(Throwable failure) {
        return describe(failure, "");
    }

    /** {@code appName}: the app the failed request went to, "" for the app of pusher.app-id. */
    static String describe(Throwable failure, String appName) {
        if (failure instanceof HttpOperationFailedException http) {
            failure = PusherPostAnswer.asPusherApiException(http);
        }
        if (failure instanceof PusherApiException api) {
            String advice = api.pusherStatus().publishingAdvice(appName);
            return "HTTP " + api.status() + " from " + api.path() + " (Pusher said: " + api.said() + ")."
                    + (advice.isEmpty() ? "" : " " + advice);
        }
        return failure == null ? "unknown failure" : FailureReasons.describe(failure);
    }
}
