package io.pusherpipeline.snapshot;

import io.pusherpipeline.channels.ChannelState;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** One load: what a snapshot gathered, how it went, and the line that sums it up. */
public final class Snapshot {

    /** Where a load stands; stored lowercase in {@code pusher_loads.status}. */
    public enum Status { RUNNING, LOADED, FAILED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final UUID loadId = UUID.randomUUID();
    private final String appId;
    private final OffsetDateTime startedAt = now();
    private final AtomicInteger requestCount = new AtomicInteger();
    private final AtomicInteger retryCount = new AtomicInteger();
    private volatile List<ChannelState> channels = List.of();
    private volatile ChannelCounts counts = new ChannelCounts();
    private volatile SnapshotSink.Rows rows;
    private volatile OffsetDateTime finishedAt;
    private volatile Status status = Status.RUNNING;
    private volatile String error;
    private volatile String destination = "";
    private volatile String membersPrefix;
    private volatile RuntimeException abandoned;

    public Snapshot(String appId) {
        this.appId = appId;
    }

    public UUID loadId() {
        return loadId;
    }

    public String appId() {
        return appId;
    }

    public OffsetDateTime startedAt() {
        return startedAt;
    }

    public OffsetDateTime finishedAt() {
        return finishedAt;
    }

    public Status status() {
        return status;
    }

    public String error() {
        return error;
    }

    public List<ChannelState> channels() {
        return channels;
    }

    public int requestCount() {
        return requestCount.get();
    }

    public void countRequest() {
        requestCount.incrementAndGet();
    }

    public int retryCount() {
        return retryCount.get();
    }

    /** A retried request is a request too. */
    public void countRetry() {
        retryCount.incrementAndGet();
        requestCount.incrementAndGet();
    }

    /** All the channels at once (the sinks' {@code store}); counted afresh. */
    public void gathered(List<ChannelState> gathered) {
        ChannelCounts recounted = new ChannelCounts();
        gathered.forEach(recounted::count);
        this.channels = List.copyOf(gathered);
        this.counts = recounted;
    }

    public void streamTo(SnapshotSink.Rows rows) {
        this.rows = rows;
    }

    public SnapshotSink.Rows rows() {
        return rows;
    }

    /** One channel, complete with its members: counted and handed to the sink's rows, not kept. */
    public void add(ChannelState channel) {
        failIfAbandoned();
        counts.count(channel);
        rows.add(channel);
    }

    /** Channels that need no request, counted and handed to the sink's rows at once. */
    public void addAll(List<ChannelState> channels) {
        channels.forEach(counts::count);
        rows.addAll(channels);
    }

    /** It cannot go on (memory ran out, the list broke off): fails with {@code cause} at its next channel or its end. */
    void abandon(RuntimeException cause) {
        abandoned = cause;
    }

    boolean isAbandoned() {
        return abandoned != null;
    }

    void failIfAbandoned() {
        if (abandoned != null) {
            throw abandoned;
        }
    }

    /** Rows this load writes to channels_channel_users: the members fetched. */
    public long memberRowCount() {
        return counts.memberRows();
    }

    /** The prefix of the channels this load lists with all their members ('' for all), null when it fetches no members. */
    public String membersPrefix() {
        return membersPrefix;
    }

    public void membersPrefix(String prefix) {
        this.membersPrefix = prefix;
    }

    public void destination(String destination) {
        this.destination = destination;
    }

    String destination() {
        return destination;
    }

    public int channelCount() {
        return counts.channels();
    }

    public long presenceCount() {
        return counts.presence();
    }

    /** Members summed over presence channels; null when no count is known at all. */
    public Integer userCount() {
        return counts.users();
    }

    public void loaded() {
        finish(Status.LOADED, null);
    }

    public void failed(String reason) {
        finish(Status.FAILED, reason);
    }

    private void finish(Status outcome, String reason) {
        this.finishedAt = now();
        this.status = outcome;
        this.error = reason;
    }

    /** Microseconds, what H2, PostgreSQL and DuckDB keep, so the files and every database hold the same instant. */
    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    public String shortId() {
        return loadId.toString().substring(0, 8);
    }

    /** The one line a snapshot logs when it ends. */
    public String summary() {
        return SnapshotSummary.of(this);
    }

    @Override
    public String toString() {
        return "Snapshot " + loadId + " of app " + appId + " (" + status.label() + ")";
    }
}
