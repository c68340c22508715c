package io.pusherpipeline.channels;

/** Pusher answered 2xx with a body that is not what its API documents. */
public class UnexpectedResponseException extends RuntimeException {

    private static final int SHOWN_CHARS = 200;

    public UnexpectedResponseException(String request, String expected, Object actual) {
        super("Unexpected answer to " + request + ": expected " + expected + ", got: " + excerpt(actual));
    }

    private static String excerpt(Object actual) {
        String text = String.valueOf(actual);
        return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "...";
    }
}
