package io.pusherpipeline.api;

import static io.pusherpipeline.apps.PusherApps.key;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * What an outcome of a request to Pusher means, in one place: whether it is tried again, whether
 * it refuses the content sent (an inbox file is set aside) rather than the app (publishing
 * pauses), and what to check, said for a snapshot, for publishing and for a refused file.
 */
public enum PusherStatus {
    SUCCESS,
    BAD_REQUEST,
    AUTHENTICATION_ERROR,
    FORBIDDEN,
    NOT_FOUND,
    TOO_LARGE,
    RATE_LIMITED,
    SERVER_ERROR,
    /** Any other refusal (4xx) or status. */
    OTHER_STATUS,
    /** No answer: the connection was refused or broke, or the answer did not come in time. */
    NETWORK_ERROR,
    /** Not a failure of the request itself (an unexpected answer, the journal, ...). */
    NOT_A_REQUEST_FAILURE;

    public static PusherStatus of(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> BAD_REQUEST;
            case 401 -> AUTHENTICATION_ERROR;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 413 -> TOO_LARGE;
            case 429 -> RATE_LIMITED;
            default -> httpStatus >= 200 && httpStatus < 300 ? SUCCESS
                    : httpStatus >= 500 && httpStatus < 600 ? SERVER_ERROR : OTHER_STATUS;
        };
    }

    /** The outcome a failure stands for, its causes included. */
    public static PusherStatus of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                return of(http.getStatusCode());
            }
            if (t instanceof PusherApiException api) {
                return of(api.status());
            }
            if (t instanceof IOException) {
                return NETWORK_ERROR;
            }
        }
        return NOT_A_REQUEST_FAILURE;
    }

    /** Connection errors, timeouts, 5xx and 429; never another 4xx, which would fail the same way again. */
    public boolean shouldRetry() {
        return this == NETWORK_ERROR || this == SERVER_ERROR || this == RATE_LIMITED;
    }

    /** Pusher refused what was sent (400, 413), not the app: the inbox sets the file aside instead of pausing. */
    public boolean refusesContent() {
        return this == BAD_REQUEST || this == TOO_LARGE;
    }

    /** What to check when a snapshot of app {@code appName} ("" for the single app) failed with this status; "" when nothing to add. */
    public String snapshotAdvice(String appName) {
        return switch (this) {
            case BAD_REQUEST -> "Pusher refused the request's parameters; for subscription_count the app setting"
                    + " 'Enable subscription counting' must be on (or set pusher.snapshot.subscription-count=false).";
            case AUTHENTICATION_ERROR -> "Check " + credentials(appName);
            case FORBIDDEN -> "The app is disabled or over its quota: check it in the Pusher dashboard.";
            case NOT_FOUND -> "No such app here: check " + key(appName, "app-id") + ", " + key(appName, "app-cluster")
                    + " (or " + key(appName, "host") + ").";
            case TOO_LARGE -> "The request was too large for Pusher.";
            case RATE_LIMITED -> "Pusher is rate limiting this app; take snapshots less often (pusher.snapshot.period).";
            case SERVER_ERROR -> "Pusher had a server error; the next snapshot tries again.";
            default -> "";
        };
    }

    /** What to check when publishing to the app of pusher.app-id paused on this status; "" when nothing to add. */
    public String publishingAdvice() {
        return publishingAdvice("");
    }

    /** What to check when publishing to app {@code appName} ("" for the single app) paused on this status; "" when nothing to add. */
    public String publishingAdvice(String appName) {
        return switch (this) {
            case AUTHENTICATION_ERROR -> "Pusher refused the app's credentials: check " + credentials(appName);
            case FORBIDDEN -> "The app is disabled or over its message quota: check it in the Pusher dashboard.";
            case NOT_FOUND -> "No such app here: check " + key(appName, "app-id") + " and " + key(appName, "app-cluster")
                    + " (or " + key(appName, "host") + ").";
            case RATE_LIMITED -> "Pusher is rate limiting this app.";
            case SERVER_ERROR -> "Pusher had a server error.";
            default -> "";
        };
    }

    /** What to do with an inbox file Pusher refused with this status; "" when nothing to add. */
    public String refusedFileAdvice() {
        return this == TOO_LARGE ? "The request was too large: make the events' data smaller or split them over more files." : "";
    }

    private static String credentials(String appName) {
        return key(appName, "app-key") + " and " + key(appName, "app-secret") + " (" + variable(appName, "app-key") + ", "
                + variable(appName, "app-secret") + "); auth_timestamp must be within 600 s of Pusher's clock, and this"
                + " machine's clock reads " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " (UTC).";
    }

    /** The environment variable of a setting: PUSHER_APP_KEY, PUSHER_APPS_STAGING_APP_KEY. */
    private static String variable(String appName, String setting) {
        return key(appName, setting).toUpperCase(Locale.ROOT).replaceAll("[.-]", "_");
    }
}
