package io.pusherpipeline.events;

/** Publishing must pause: Pusher refused the app (401, 403, 404) or could not be reached; the file stays in the inbox. */
public class PublishingPausedException extends RuntimeException {

    public PublishingPausedException(String message) {
        super(message);
    }
}
