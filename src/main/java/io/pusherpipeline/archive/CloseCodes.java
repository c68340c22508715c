package io.pusherpipeline.archive;

import java.time.Duration;

/** What a close of Pusher's websocket means for the next connection (Pusher's protocol 7 close codes), as pure functions. */
public final class CloseCodes {

    /** What to do after a close or an error. */
    public enum Next {
        /** 4000-4099: the app or the request is wrong (over quota, disabled, bad key): trying again cannot help. */
        GIVE_UP,
        /** 4100-4199 (over capacity) and any other close or error: after a growing wait. */
        BACK_OFF,
        /** 4200-4299: Pusher asks for a new connection at once (a server going away). */
        AT_ONCE
    }

    /** The first wait after a failure, doubled each time, never more than {@link #MAX_WAIT}. */
    public static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    public static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private CloseCodes() {
    }

    /** The decision for a close code ({@code -1} for an error without one). */
    public static Next next(int code) {
        if (code >= 4000 && code <= 4099) {
            return Next.GIVE_UP;
        }
        if (code >= 4200 && code <= 4299) {
            return Next.AT_ONCE;
        }
        return Next.BACK_OFF;
    }

    /** The wait before the {@code failures}-th attempt in a row (1 the first): 1 s, 2 s, 4 s, ... up to 60 s. */
    public static Duration backoff(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - 1, 16);
        Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }
}
