package io.pusherpipeline.snapshot;

import static io.pusherpipeline.apps.PusherApps.key;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import io.pusherpipeline.api.PusherApiException;
import io.pusherpipeline.api.PusherStatus;
import org.apache.camel.http.base.HttpOperationFailedException;

/** Turns what went wrong during a snapshot into one message that says what to check. */
public final class FailureReasons {

    private static final int BODY_CHARS = 200;

    private FailureReasons() {
    }

    /** For the single app of the {@code pusher.app-*} keys. */
    public static String describe(Throwable failure) {
        return describe(failure, "");
    }

    /** For the app {@code appName} of {@code pusher.apps} ("" for the single app): the settings named are that app's. */
    public static String describe(Throwable failure, String appName) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PusherApiException api) {
                return describeStatus(api.status(), api.said(), api.path(), appName);
            }
            if (t instanceof HttpOperationFailedException http) {
                return describeStatus(http.getStatusCode(), http.getResponseBody(), path(http.getUri()), appName);
            }
            if (t instanceof OutOfMemoryError) {
                return "Out of memory (" + t.getMessage() + "). " + HeapExhaustion.ADVICE;
            }
            if (t instanceof UnknownHostException) {
                return "Unknown host " + t.getMessage() + ": check " + key(appName, "app-cluster") + " or " + key(appName, "host");
            }
            if (t instanceof ConnectException) {
                return "Cannot connect to Pusher (" + t.getMessage() + "): check " + key(appName, "host") + ", "
                        + key(appName, "port") + " and " + key(appName, "scheme");
            }
            if (t instanceof SocketTimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return "Pusher did not answer in time (" + t.getMessage() + "): raise pusher.http.timeout or check the network";
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getName() : root.getMessage();
    }

    static String describeStatus(int status, String body, String path, String appName) {
        String said = body == null || body.isBlank() ? "" : " Pusher said: " + excerpt(body.strip());
        String advice = PusherStatus.of(status).snapshotAdvice(appName);
        return "HTTP " + status + " from " + path + "." + (advice.isEmpty() ? "" : " " + advice) + said;
    }

    private static String path(String uri) {
        if (uri == null) {
            return "Pusher";
        }
        int query = uri.indexOf('?');
        String noQuery = query < 0 ? uri : uri.substring(0, query);
        int scheme = noQuery.indexOf("://");
        int path = scheme < 0 ? -1 : noQuery.indexOf('/', scheme + 3);
        return path < 0 ? noQuery : noQuery.substring(path);
    }

    private static String excerpt(String text) {
        return text.length() <= BODY_CHARS ? text : text.substring(0, BODY_CHARS) + "...";
    }
}
