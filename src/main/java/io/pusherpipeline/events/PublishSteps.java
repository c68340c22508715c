package io.pusherpipeline.events;

import io.pusherpipeline.ExchangeProperties;
import io.pusherpipeline.api.RetryListener;
import io.pusherpipeline.apps.PusherApps;
import io.pusherpipeline.apps.SignForNamedApp;
import io.pusherpipeline.encryption.ChannelEncryption;
import io.pusherpipeline.metrics.PipelineMetrics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps of {@code direct:pusher-publish}: read and check all events, send what is not journaled yet, journal what Pusher accepted. */
public final class PublishSteps implements RetryListener {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.events");

    /** Header naming what the events come from, stable across retries (the inbox sets the file name). */
    public static final String SOURCE_HEADER = "PusherEventsSource";

    private PipelineMetrics metrics = new PipelineMetrics();

    private String appId;
    private ListeningSocket listener = ListeningSocket.NONE;
    private PusherApps apps;
    private int batchSize = 10;
    private int maxDataBytes = 10240;
    private EventJournal journal;
    private ChannelEncryption encryption = new ChannelEncryption();

    /** The id of the app of pusher.app-id, used when no {@link #setApps apps} are given. */
    /** The archiver's socket, which published events skip ({@link ListeningSocket}). */
    public void setListener(ListeningSocket listener) {
        this.listener = listener;
    }

    public void setAppId(String appId) {
        this.appId = appId;
    }

    /** The apps events may name (pusher.apps) and the default one (pusher.app-id). */
    public void setApps(PusherApps apps) {
        this.apps = apps;
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

    public void setEncryption(ChannelEncryption encryption) {
        this.encryption = encryption;
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
            EventApps eventApps = eventApps(source, exchange.getMessage().getHeader(SignForNamedApp.HEADER, String.class));
            events = new EventReader(new EventRules(maxDataBytes, encryption.hasMasterKey(), eventApps)).read(source, body);
        } catch (RefusedEventsException e) {
            metrics.refused(exchange.getContext(), (int) Math.max(1, e.problems().stream()
                    .mapToInt(EventProblem::index).filter(i -> i >= 0).distinct().count()));
            throw e;
        }
        String from = source;
        Set<String> published = journal.published(events.stream().map(e -> e.key(from)).toList());
        List<PusherEvent> toSend = events.stream().filter(e -> !published.contains(e.key(from))).toList();
        exchange.setProperty(ExchangeProperties.PUBLICATION, new Publication(source, events, published, PublishRequest.plan(toSend, batchSize, encryption, this::appId, listener)));
    }

    /** Where this call's events go when they name no app: the header's app, else the default one. */
    private EventApps eventApps(String source, String header) {
        if (apps == null) {
            return EventApps.SINGLE;
        }
        List<String> names = apps.named();
        if (header != null && !header.isBlank()) {
            String unknown = EventApps.unknown(header.strip(), names);
            if (unknown != null) {
                throw new RefusedEventsException(source, List.of(new EventProblem(-1, SignForNamedApp.HEADER + " header", unknown)));
            }
            return new EventApps(names, header.strip(), null);
        }
        return apps.defaultForEvents().map(app -> new EventApps(names, app, null))
                .orElseGet(() -> new EventApps(names, null, "missing: pusher.apps has several apps (" + String.join(", ", names)
                        + ") and pusher.app-id is not set, so each event says which: add \"app\": \"" + names.get(0)
                        + "\" (or another of them)"));
    }

    private String appId(String app) {
        return apps == null ? appId : apps.forPublishing(app).id();
    }

    /** Pusher accepted {@code request}, the split's current one: journal its events before anything else happens. */
    public void accepted(@Body PublishRequest request, @ExchangeProperty(ExchangeProperties.PUBLICATION) Publication publication,
                         @ExchangeProperty(ExchangeProperties.HTTP_STATUS) Integer status,
                         @ExchangeProperty(ExchangeProperties.HTTP_ANSWER) Object answer, Exchange exchange) {
        int httpStatus = status == null ? 200 : status;
        Map<Integer, EventCounts> counts = EventCounts.of(request, answer);
        journal.record(request.appId(), publication.getSource(), request, httpStatus, counts);
        publication.accepted(request, httpStatus, counts);
        metrics.published(exchange.getContext(), request.events().size());
    }

    /**
     * The split stops at the first request that fails and wraps its failure; the caller gets it
     * as it came (Pusher's refusal, or the connection's exception), as documented.
     */
    public void failed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception wrapped) throws Exception {
        throw wrapped.getCause() instanceof Exception cause ? cause : wrapped;
    }

    @Override
    public void retrying(Exchange exchange, int retry, Throwable failure) {
        LOG.warn("Retry {} of POST {}: {}", retry, exchange.getMessage().getHeader(Exchange.HTTP_PATH), PublishingPause.describe(failure));
    }

    /** The reply of {@code direct:pusher-publish}: one map per event, see {@link Publication#outcomes()}. */
    public List<Map<String, Object>> reply(Exchange exchange) {
        return exchange.getProperty(ExchangeProperties.PUBLICATION, Publication.class).outcomes();
    }
}
