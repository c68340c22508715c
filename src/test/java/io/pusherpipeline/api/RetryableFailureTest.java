package io.pusherpipeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The retryWhile of the request routes, on the exchange as Camel hands it over before a retry. */
class RetryableFailureTest {

    private final RetryableFailure retryable = new RetryableFailure();

    @Test
    void aRetryAfterInSecondsBecomesTheWaitBeforeTheComingAttemptCappedAtTheMaximum() {
        retryable.setMaximumWait("60s");

        Exchange soon = failed(1, 3, failure(429, Map.of("retry-after", "2")));
        Exchange late = failed(1, 3, failure(503, Map.of("Retry-After", "3600")));

        assertThat(retryable.matches(soon)).isTrue();
        assertThat(soon.getIn().getHeader(Exchange.REDELIVERY_DELAY)).isEqualTo(2000L);
        assertThat(retryable.matches(late)).isTrue();
        assertThat(late.getIn().getHeader(Exchange.REDELIVERY_DELAY)).isEqualTo(60_000L);
    }

    @Test
    void withoutRetryAfterTheBackoffDecidesTheWait() {
        Exchange exchange = failed(2, 3, failure(503, Map.of("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")));
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, 1000L);

        assertThat(retryable.matches(exchange)).isTrue();
        assertThat(exchange.getIn().getHeaders()).doesNotContainKey(Exchange.REDELIVERY_DELAY);
    }

    @Test
    void anotherFourHundredOrNoRetriesLeftIsNotRetried() {
        assertThat(retryable.matches(failed(1, 3, failure(401, Map.of())))).isFalse();
        assertThat(retryable.matches(failed(4, 3, failure(503, Map.of())))).as("the 4th retry of 3").isFalse();
        assertThat(retryable.matches(failed(1, null, failure(503, Map.of())))).as("pusher.http.retries=0").isFalse();
    }

    private static HttpOperationFailedException failure(int status, Map<String, String> headers) {
        return new HttpOperationFailedException("http://h/apps/1/channels", status, "status", null, headers, "said");
    }

    private static Exchange failed(int retry, Integer retries, Throwable failure) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader(Exchange.REDELIVERY_COUNTER, retry);
        if (retries != null) {
            exchange.getIn().setHeader(Exchange.REDELIVERY_MAX_COUNTER, retries);
        }
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        return exchange;
    }
}
