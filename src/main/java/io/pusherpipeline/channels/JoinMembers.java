package io.pusherpipeline.channels;

/** Joins {@code GET /channels/{name}/users} to its presence channel. */
public final class JoinMembers extends JoinAnswer {

    @Override
    ChannelState join(ChannelResponses responses, ChannelState channel, Object answer) {
        return responses.withMembers(channel, answer);
    }
}
