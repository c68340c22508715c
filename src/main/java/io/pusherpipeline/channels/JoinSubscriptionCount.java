package io.pusherpipeline.channels;

/** Joins {@code GET /channels/{name}?info=subscription_count} to its channel. */
public final class JoinSubscriptionCount extends JoinAnswer {

    @Override
    ChannelState join(ChannelResponses responses, ChannelState channel, Object answer) {
        return responses.withSubscriptionCount(channel, answer);
    }
}
