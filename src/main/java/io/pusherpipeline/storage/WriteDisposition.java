package io.pusherpipeline.storage;

import java.util.Locale;

/** What a load does to the rows of earlier loads ({@code pusher.write-disposition}), as data-loading tools name it. */
public enum WriteDisposition {
    /** Every snapshot is kept: history, pruned only by {@code pusher.retention}. */
    APPEND,
    /** Only each app's latest snapshot is kept in apps_channels and channels_channel_users. */
    REPLACE;

    public static WriteDisposition parse(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "append" -> APPEND;
            case "replace" -> REPLACE;
            default -> throw new IllegalArgumentException(
                    "Parameter [pusher.write-disposition] must be append or replace, was: " + text);
        };
    }
}
