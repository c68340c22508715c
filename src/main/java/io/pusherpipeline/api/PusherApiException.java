package io.pusherpipeline.api;

/** Pusher refused a request: its status code, what it said, and which path was asked. */
public class PusherApiException extends RuntimeException {

    private final int status;
    private final String path;
    private final String said;

    public PusherApiException(int status, String path, String said) {
        super("HTTP " + status + " from " + path + ": " + said);
        this.status = status;
        this.path = path;
        this.said = said;
    }

    public int status() {
        return status;
    }

    /** What the status means (routes ask it, e.g. {@code ${exception.pusherStatus.refusesContent}}). */
    public PusherStatus pusherStatus() {
        return PusherStatus.of(status);
    }

    public String path() {
        return path;
    }

    public String said() {
        return said;
    }
}
