package io.pusherpipeline.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pusherpipeline.Json;

/** Pusher answered 2xx with a body that is not what its API documents. */
public class UnexpectedResponseException extends RuntimeException {

    private static final int SHOWN_CHARS = 300;
    private static final ObjectMapper JSON = Json.MAPPER;

    public UnexpectedResponseException(String request, String expected, Object actual) {
        super("Unexpected answer to " + request + ": expected " + expected + ", got: " + excerpt(actual));
    }

    private static String excerpt(Object actual) {
        String text = actual instanceof String ? (String) actual : toJson(actual);
        return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "...";
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
