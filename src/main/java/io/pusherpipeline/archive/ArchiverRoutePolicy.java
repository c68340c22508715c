package io.pusherpipeline.archive;

import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Disconnects the archiver when its route stops (Camel stopping, or this replica losing the archiver's
 * lock): the timer that drives it stops with the route, but the websocket would stay open.
 */
public final class ArchiverRoutePolicy extends RoutePolicySupport {

    private Archiver archiver;

    public void setArchiver(Archiver archiver) {
        this.archiver = archiver;
    }

    @Override
    public void onStop(Route route) {
        archiver.end();
    }

    @Override
    public void onSuspend(Route route) {
        archiver.end();
    }

    @Override
    public void onRemove(Route route) {
        archiver.end();
    }
}
