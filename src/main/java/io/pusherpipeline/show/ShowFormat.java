package io.pusherpipeline.show;

import io.pusherpipeline.history.StoredHistory;
import io.pusherpipeline.storage.StoredLoads;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** The text {@code show} prints: a table a person reads, one load per line. */
final class ShowFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String LOAD_LINE = "%-19s  %-10s  %-7s  %8s  %7s  %8s  %s%n";
    private static final String OPEN_LINE = "  %-10s  %-36s %6s%n";
    private static final String HISTORY_LINE = "  %-10s  %-36s %10s %8s  %s%n";
    private static final String GAP_LINE = "  %-10s  %-19s  %-19s  %s%n";
    /** Long enough for what went wrong, short enough for one line of a terminal. */
    private static final int ERROR_CHARS = 100;

    private ShowFormat() {
    }

    static String report(String destination, StoredLoads.Report report) {
        StringBuilder s = new StringBuilder();
        if (report.schemaVersion() == 0) {
            return s.append(destination).append(": no tables yet. Nothing has been loaded here; a snapshot creates them.")
                    .append(System.lineSeparator()).toString();
        }
        s.append(destination).append(", schema version ").append(report.schemaVersion());
        if (report.schemaVersion() > StoredLoads.WRITTEN_VERSION) {
            s.append(" (newer than version ").append(StoredLoads.WRITTEN_VERSION).append(", which this build writes)");
        }
        s.append(System.lineSeparator()).append(System.lineSeparator());
        s.append("Latest loads (UTC, newest first):").append(System.lineSeparator());
        s.append(String.format(Locale.ROOT, LOAD_LINE, "started_at", "app_id", "status", "channels", "members", "requests", "error"));
        for (StoredLoads.Load load : report.latest()) {
            s.append(String.format(Locale.ROOT, LOAD_LINE, time(load.startedAt()), load.appId(), load.status(),
                    orBlank(load.channelCount()), orBlank(load.userCount()), orBlank(load.requestCount()), shortError(load.error())));
        }
        if (report.latest().isEmpty()) {
            s.append("(none)").append(System.lineSeparator());
        }
        s.append(System.lineSeparator()).append("Rows per table:").append(System.lineSeparator());
        for (Map.Entry<String, Long> table : report.rowsPerTable().entrySet()) {
            s.append(String.format(Locale.ROOT, "%-24s %10d%n", table.getKey(), table.getValue()));
        }
        return s.toString();
    }

    /** What the webhook receiver stored: how many events, the latest, and where presence sessions are open. */
    static String webhooks(StoredWebhooks.Summary webhooks, String schema) {
        StringBuilder s = new StringBuilder(System.lineSeparator()).append("Webhook events: ").append(webhooks.events());
        s.append(webhooks.latestAt() == null
                ? " (none received; the receiver runs with pusher.webhooks.enabled=true, docs/webhooks.md)"
                : " (latest at " + time(webhooks.latestAt()) + ")").append(System.lineSeparator());
        if (webhooks.rejects() > 0) {
            s.append("Left out of the history: ").append(webhooks.rejects()).append(" events of the wrong shape (")
                    .append(schema).append(".webhook_rejects says why, docs/webhooks.md)").append(System.lineSeparator());
        }
        s.append("Open presence sessions: ").append(webhooks.openSessions());
        if (webhooks.topChannels().isEmpty()) {
            return s.append(System.lineSeparator()).toString();
        }
        s.append(" (").append(schema).append(".presence_now), the channels with the most:").append(System.lineSeparator());
        s.append(String.format(Locale.ROOT, OPEN_LINE, "app_id", "channel_name", "open"));
        for (StoredWebhooks.OpenChannel channel : webhooks.topChannels()) {
            s.append(String.format(Locale.ROOT, OPEN_LINE, channel.appId(), channel.channelName(), channel.sessions()));
        }
        return s.toString();
    }

    /** The channel history: the busiest channels of the last minutes, with their events per minute, and the gaps. */
    static String history(StoredHistory.Summary history, String schema) {
        StringBuilder s = new StringBuilder(System.lineSeparator()).append("Channel history (").append(schema)
                .append(".channel_events): ").append(history.channelsInWindow()).append(" channels with events in the last ")
                .append(StoredHistory.WINDOW.toMinutes()).append(" minutes");
        if (history.channels().isEmpty()) {
            s.append(" (docs/history.md says what is kept)").append(System.lineSeparator());
        } else {
            s.append(", the busiest:").append(System.lineSeparator());
            s.append(String.format(Locale.ROOT, HISTORY_LINE, "app_id", "channel_name", "per_minute", "archived", "latest_at"));
            for (StoredHistory.Channel channel : history.channels()) {
                s.append(String.format(Locale.ROOT, HISTORY_LINE, channel.appId(), channel.channel(),
                        String.format(Locale.ROOT, "%.1f", channel.perMinute()), channel.archived(), time(channel.latestAt())));
            }
        }
        if (history.gaps().isEmpty()) {
            return s.append("No gaps: the archiver was never disconnected (or never ran)").append(System.lineSeparator()).toString();
        }
        s.append("Gaps, newest first (").append(schema).append(".channel_gaps: the archiver was not connected, events may be missing):")
                .append(System.lineSeparator());
        s.append(String.format(Locale.ROOT, GAP_LINE, "app_id", "started_at", "ended_at", "reason"));
        for (StoredHistory.Gap gap : history.gaps()) {
            s.append(String.format(Locale.ROOT, GAP_LINE, gap.appId(), time(gap.startedAt()),
                    gap.endedAt() == null ? "(still open)" : time(gap.endedAt()), shortError(gap.reason())));
        }
        return s.toString();
    }

    private static String time(OffsetDateTime t) {
        return t == null ? "" : t.withOffsetSameInstant(ZoneOffset.UTC).format(TIME);
    }

    private static String orBlank(Integer n) {
        return n == null ? "" : n.toString();
    }

    private static String shortError(String error) {
        if (error == null) {
            return "";
        }
        String line = error.replaceAll("\\s+", " ");
        return line.length() <= ERROR_CHARS ? line : line.substring(0, ERROR_CHARS - 3) + "...";
    }
}
