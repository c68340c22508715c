package io.pusherpipeline.snapshot;

import io.pusherpipeline.ExchangeProperties;
import io.pusherpipeline.api.RetryListener;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A snapshot's retried request: counted (a request too, and the summary says how many) and said, with what to check. */
public final class SnapshotRetries implements RetryListener {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.snapshot");

    @Override
    public void retrying(Exchange exchange, int retry, Throwable failure) {
        Snapshot snapshot = exchange.getProperty(ExchangeProperties.SNAPSHOT, Snapshot.class);
        if (snapshot != null) {
            snapshot.countRetry();
        }
        LOG.warn("Retry {} of {}: {}", retry, exchange.getMessage().getHeader(Exchange.HTTP_PATH),
                FailureReasons.describe(failure, SnapshotSteps.appName(exchange)));
    }
}
