package io.pusherpipeline.channels;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * An enrich step's aggregation: joins Pusher's parsed answer (the enrich's result) to the channel
 * it was asked for. A plain strategy rather than a bean method named in YAML, which Camel binds
 * by reflection on every request.
 */
abstract class JoinAnswer implements AggregationStrategy {

    private static final ChannelResponses RESPONSES = new ChannelResponses();

    @Override
    public final Exchange aggregate(Exchange channelExchange, Exchange answerExchange) {
        ChannelState channel = channelExchange.getMessage().getBody(ChannelState.class);
        channelExchange.getMessage().setBody(join(RESPONSES, channel, answerExchange.getMessage().getBody()));
        return channelExchange;
    }

    abstract ChannelState join(ChannelResponses responses, ChannelState channel, Object answer);
}
