package io.pusherpipeline.archive;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which channels the archiver follows ({@code pusher.archive.channels}): comma-separated name patterns
 * where {@code *} matches any run of characters. Never a {@code presence-} channel (the archiver would
 * be listed as a member) nor a {@code #server-to-user-} one (it needs a user's sign-in).
 */
public final class ChannelPatterns {

    private final List<Pattern> patterns;

    private ChannelPatterns(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    /** {@code text}: e.g. {@code "orders-*, private-chat-*"}; blank means every channel. */
    public static ChannelPatterns parse(String text) {
        List<String> parts = Arrays.stream((text == null ? "" : text).split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
        if (parts.isEmpty()) {
            parts = List.of("*");
        }
        return new ChannelPatterns(parts.stream().map(ChannelPatterns::compile).toList());
    }

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String literal : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literal));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** Whether the archiver subscribes to {@code channel}. */
    public boolean archives(String channel) {
        if (channel == null || channel.isEmpty() || channel.startsWith("presence-") || channel.startsWith("#")) {
            return false;
        }
        return patterns.stream().anyMatch(p -> p.matcher(channel).matches());
    }
}
