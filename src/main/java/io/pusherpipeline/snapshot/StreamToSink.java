package io.pusherpipeline.snapshot;

import io.pusherpipeline.channels.ChannelState;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * The split's aggregation: each channel, as soon as its requests are done, goes to the snapshot's
 * sink, which writes it while the other requests are still waiting on the network. The split
 * keeps no list of channels, so memory does not grow with the size of the app.
 */
public final class StreamToSink implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        if (newExchange.getException() == null) {
            Snapshot snapshot = newExchange.getProperty(SnapshotSteps.PROPERTY, Snapshot.class);
            Object channel = newExchange.getMessage().getBody();
            if (!(channel instanceof ChannelState state)) {
                throw new IllegalStateException("Expected a ChannelState from the split, got: " + channel);
            }
            snapshot.add(state);
        }
        // The split's result is only its outcome; the channels are in the sink already.
        newExchange.getMessage().setBody(null);
        return oldExchange == null ? newExchange : oldExchange;
    }
}
