package io.pusherpipeline.events;

import io.pusherpipeline.health.PipelineMetrics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.pusherpipeline.api.RetryListener;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps of {@code direct:pusher-publish}: read and check all events, send what is not journaled yet, journal what Pusher accepted. */
public final class PublishSteps implements RetryListener {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.events");

    /** Header naming what the events come from, stable across retries (the inbox sets the file name). */
    public static final String SOURCE_HEADER = "PusherEventsSource";
    /** Exchange property carrying the {@link Publication}. */
    public static final String PROPERTY = "pusherPublication";

    private PipelineMetrics metrics = new PipelineMetrics();
    static final String STATUS_PROPERTY = "pusherHttpStatus";

    private String appId;
    private int batchSize = 10;
    private int maxDataBytes = 10240;
    private EventJournal journal;

    public void setAppId(String appId) {
        this.appId = appId;
    }

    public void setBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Parameter [pusher.events.batch-size] must be 1 or more, was: " + batchSize);
        }
        this.batchSize = batchSize;
    }

    public void setMaxDataBytes(int maxDataBytes) {
        this.maxDataBytes = maxDataBytes;
    }

    public void setMetrics(PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    public void setJournal(EventJournal journal) {
        this.journal = journal;
    }

    /** Refuses the whole input when any event is bad; otherwise plans the requests for the events not yet published. */
    public void prepare(Exchange exchange) {
        String source = exchange.getMessage().getHeader(SOURCE_HEADER, String.class);
        if (source == null || source.isBlank()) {
            // No stable name: every call is new, so nothing is ever skipped.
            source = "direct:" + exchange.getExchangeId();
        }
        Object body = exchange.getMessage().getBody();
        if (!(body instanceof Map || body instanceof List)) {
            // A file, a stream, text: its bytes, converted by Camel once.
            body = exchange.getMessage().getBody(byte[].class);
        }
        List<PusherEvent> events;
        try {
            events = new EventReader(new EventRules(maxDataBytes)).read(source, body);
        } catch (RefusedEventsException e) {
            metrics.refused(exchange.getContext(), (int) Math.max(1, e.problems().stream()
                    .mapToInt(EventProblem::index).filter(i -> i >= 0).distinct().count()));
            throw e;
        }
        String from = source;
        Set<String> published = journal.published(events.stream().map(e -> e.key(from)).toList());
        List<PusherEvent> toSend = events.stream().filter(e -> !published.contains(e.key(from))).toList();
        exchange.setProperty(PROPERTY, new Publication(source, events, published, PublishRequest.plan(toSend, batchSize)));
    }

    /** Before the {@code CamelLoopIndex}-th request: its body, and the request itself in a property for {@link #accepted}. */
    public void next(Exchange exchange) {
        Publication publication = exchange.getProperty(PROPERTY, Publication.class);
        PublishRequest request = publication.getRequests().get(exchange.getProperty(Exchange.LOOP_INDEX, Integer.class));
        exchange.setProperty("pusherRequest", request);
        exchange.getMessage().setBody(request.body());
    }

    /** Pusher accepted the current request: journal its events before anything else happens. */
    public void accepted(Exchange exchange) {
        Publication publication = exchange.getProperty(PROPERTY, Publication.class);
        PublishRequest request = exchange.getProperty("pusherRequest", PublishRequest.class);
        int status = exchange.getProperty(STATUS_PROPERTY, 200, Integer.class);
        journal.record(appId, publication.getSource(), request.events(), status);
        publication.accepted(request, status);
        metrics.published(exchange.getContext(), request.events().size());
    }

    @Override
    public void retrying(Exchange exchange, int attempt, Duration wait, Throwable failure) {
        LOG.warn("Retry {} of POST {} in {} ms: {}", attempt, exchange.getMessage().getHeader(Exchange.HTTP_PATH),
                wait.toMillis(), PublishingPause.describe(failure));
    }

    /** The reply of {@code direct:pusher-publish}: one map per event, see {@link Publication#outcomes()}. */
    public List<Map<String, Object>> reply(Exchange exchange) {
        return exchange.getProperty(PROPERTY, Publication.class).outcomes();
    }
}
