package io.pusherpipeline.archive;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** When the archiver connects again after a close ({@link CloseCodes}): never, at once, or after a growing backoff. */
final class Reconnects {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.archive");

    private volatile boolean givenUp;
    private volatile Instant nextAttempt = Instant.EPOCH;
    private volatile int failures;

    boolean due(Instant now) {
        return !givenUp && !now.isBefore(nextAttempt);
    }

    /** Connected: the next close starts its backoff afresh. */
    void connected() {
        failures = 0;
    }

    /** The connection closed ({@code code} -1: it failed on our side); {@code said}: why, for the log. */
    void closed(int code, String said) {
        switch (CloseCodes.next(code)) {
            case GIVE_UP -> {
                givenUp = true;
                LOG.error("Pusher closed the archiver's connection ({}): not reconnecting, as Pusher asks for codes 4000-4099"
                        + " (check pusher.app-key and the app's status and limits; a restart tries again)", said);
            }
            case AT_ONCE -> {
                failures = 0;
                nextAttempt = Instant.now();
                LOG.info("Archiver disconnected ({}): reconnecting at once", said);
            }
            case BACK_OFF -> {
                failures = failures + 1;
                Duration wait = CloseCodes.backoff(failures);
                nextAttempt = Instant.now().plus(wait);
                LOG.warn("Archiver disconnected ({}): reconnecting in {} s", said, wait.toSeconds());
            }
        }
    }
}
