package io.pusherpipeline;

import io.pusherpipeline.api.PusherAnswers;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;

/**
 * Start-up work that every run needs and that nothing else waits on at first, done on a thread
 * of its own while Camel reads its routes on the main one: the JVM's TLS set-up (trust store,
 * cipher suites) and Jackson's, which Camel's HTTP component and the first answer would
 * otherwise pay for on the main thread (about 0.3 s measured on two cores); first of all, the
 * JIT compiler for start-up ({@link StartUpCompiler}).
 */
final class WarmUp {

    private WarmUp() {
    }

    static void start() {
        Thread thread = new Thread(WarmUp::run, "pusher-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        StartUpCompiler.quickOnly();
        try {
            SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            // Camel's HTTP component says so itself when it needs TLS.
        }
        PusherAnswers.warmUp();
    }
}
