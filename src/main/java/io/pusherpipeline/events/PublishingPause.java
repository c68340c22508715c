package io.pusherpipeline.events;

import io.pusherpipeline.ExchangeProperties;
import io.pusherpipeline.api.PusherApiException;
import io.pusherpipeline.snapshot.FailureReasons;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the inbox back while Pusher refuses the whole app (401, 403, 404) or cannot be reached:
 * files stay where they are, one is tried again every {@code pusher.events.pause-retry}, and
 * publishing resumes by itself with the first file Pusher accepts.
 */
public final class PublishingPause implements GenericFileFilter<File> {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.events");

    private Duration retryEvery = Duration.ofSeconds(30);
    private String dir = "./events";
    private volatile Instant pausedSince;
    private volatile Instant nextTry = Instant.MIN;

    public void setRetryEvery(String retryEvery) {
        this.retryEvery = Duration.ofMillis(TimeUtils.toMilliSeconds(retryEvery));
    }

    public void setDir(String dir) {
        this.dir = dir;
    }

    /**
     * Which files the inbox takes: all of them normally; while paused none, except, once the next
     * try is due, the first file by name (files go out in name order, paused or not).
     */
    @Override
    public synchronized boolean accept(GenericFile<File> file) {
        if (pausedSince == null || file.isDirectory()) {
            return pausedSince == null;
        }
        if (Instant.now().isBefore(nextTry) || !file.getFileNameOnly().equals(firstInInbox())) {
            return false;
        }
        nextTry = Instant.now().plus(retryEvery);
        return true;
    }

    private String firstInInbox() {
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.startsWith("."))
                    .sorted().findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    public synchronized void pause(Exchange exchange) {
        Publication publication = exchange.getProperty(ExchangeProperties.PUBLICATION, Publication.class);
        // The advice names the settings of the app whose request failed (pusher.apps.<name>.*).
        String reason = describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class),
                publication == null ? "" : publication.pendingApp());
        nextTry = Instant.now().plus(retryEvery);
        if (pausedSince == null) {
            pausedSince = Instant.now();
            LOG.error("Publishing PAUSED: {} Files stay in {} (nothing is lost) and one is tried again every {} s until Pusher accepts it.",
                    reason, dir, retryEvery.toMillis() / 1000.0);
        } else {
            LOG.warn("Publishing still paused (since {}): {}", pausedSince.truncatedTo(ChronoUnit.SECONDS), reason);
        }
    }

    public synchronized void resume() {
        if (pausedSince != null) {
            LOG.info("Publishing resumed: Pusher accepts events again after a pause of {} s.",
                    Duration.between(pausedSince, Instant.now()).toSeconds());
            pausedSince = null;
            nextTry = Instant.MIN;
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
