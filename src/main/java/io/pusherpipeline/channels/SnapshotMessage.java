package io.pusherpipeline.channels;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@code pusher-snapshot-source} Kamelet emits for one snapshot, named as the tables'
 * columns: {@code {"app_id", "snapshot_at", "channels": [{"channel_name", "channel_type",
 * "subscription_count", "user_count", "user_ids"}]}}; absent counts are null.
 */
public final class SnapshotMessage {

    public Map<String, Object> of(String appId, List<ChannelState> channels) {
        List<Map<String, Object>> rows = new ArrayList<>(channels.size());
        for (ChannelState channel : channels) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("channel_name", channel.name());
            row.put("channel_type", channel.type().label());
            row.put("subscription_count", channel.subscriptionCount());
            row.put("user_count", channel.userCount());
            row.put("user_ids", channel.userIds());
            rows.add(row);
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("app_id", appId);
        message.put("snapshot_at", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS).toString());
        message.put("channels", rows);
        return message;
    }
}
