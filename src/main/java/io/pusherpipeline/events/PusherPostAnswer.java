package io.pusherpipeline.events;

import io.pusherpipeline.ExchangeProperties;
import io.pusherpipeline.api.PusherApiException;
import java.net.URI;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Brings a POST's outcome back to the caller of an enrich without touching the caller's message:
 * the HTTP status and the parsed answer as properties, and a refusal as {@link PusherApiException} whatever server said it.
 */
public final class PusherPostAnswer implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange caller, Exchange post) {
        Throwable failure = post.getException();
        if (failure instanceof HttpOperationFailedException http) {
            caller.setException(asPusherApiException(http));
        } else if (failure != null) {
            caller.setException(failure);
        } else {
            caller.setProperty(ExchangeProperties.HTTP_STATUS, post.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class));
            caller.setProperty(ExchangeProperties.HTTP_ANSWER, post.getMessage().getBody());
        }
        return caller;
    }

    static PusherApiException asPusherApiException(HttpOperationFailedException http) {
        String body = http.getResponseBody();
        return new PusherApiException(http.getStatusCode(), URI.create(http.getUri()).getPath(),
                body == null || body.isBlank() ? http.getStatusText() : body.strip());
    }
}
