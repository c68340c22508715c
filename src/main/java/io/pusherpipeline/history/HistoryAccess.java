package io.pusherpipeline.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.pusherpipeline.Json;
import io.pusherpipeline.channels.ChannelType;
import java.time.Clock;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * Decides whether a history request may read its channel, and of which app, before anything is read:
 * a request signed like Pusher's HTTP API ({@code auth_key}, {@code auth_signature}) reads any channel
 * of its key's app; a public channel is open to all; a private, private-encrypted or presence channel
 * needs the client's {@code socket_id} and the {@code auth} its app's authorizer gave it, and
 * {@code #server-to-user-<id>} the sign-in auth of user id ({@link ChannelAuth}, {@link ServerSignature}).
 * Out: the {@link PageRequest}.
 */
public final class HistoryAccess implements CamelContextAware {

    private static final String SERVER_TO_USER = "#server-to-user-";

    private CamelContext context;
    private volatile HistoryApps apps;
    private Clock clock = Clock.systemUTC();

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    public void setClock(Clock clock) {
        this.clock = clock;
    }

    /** For tests and hosts that do not configure through properties. */
    void setApps(HistoryApps apps) {
        this.apps = apps;
    }

    public PageRequest check(HistoryQuery query) {
        HistoryApps.App app;
        if (ServerSignature.present(query)) {
            app = ServerSignature.verify(query, apps(), clock);
            sameApp(query, app);
        } else {
            ChannelType type = ChannelType.of(query.channel());
            app = type == ChannelType.PUBLIC || type == ChannelType.CACHE ? publicApp(query) : authorizedClient(query, type);
        }
        return new PageRequest(app.id(), query.channel(), query.after(), query.limit());
    }

    /** The app of {@code PusherApp} (an app id), or the only one: for direct:pusher-history, inside the app. */
    public String appFor(String appId) {
        return appId == null || appId.isBlank() ? onlyApp().id() : configured(appId.strip()).id();
    }

    /** {@code ?app=}, else the app an auth's key names, else the only app. */
    private HistoryApps.App publicApp(HistoryQuery query) {
        String id = query.param("app");
        if (id != null) {
            return configured(id);
        }
        String auth = query.param("auth");
        Optional<HistoryApps.App> byKey = auth == null ? Optional.empty() : apps().byKey(keyOf(auth));
        return byKey.orElseGet(this::onlyApp);
    }

    private HistoryApps.App authorizedClient(HistoryQuery query, ChannelType type) {
        String socketId = query.param("socket_id");
        String auth = query.param("auth");
        if (socketId == null || auth == null || socketId.isEmpty() || auth.isEmpty()) {
            throw HistoryRefused.unauthorized("a " + type.label() + " channel needs socket_id and auth: the auth your app's"
                    + " authorizer gave this socket for this channel");
        }
        HistoryApps.App app = apps().byKey(keyOf(auth)).orElseThrow(() -> notAuthorized(type));
        String signed;
        if (type == ChannelType.SERVER_TO_USER) {
            signed = ChannelAuth.signedUser(socketId, userData(query));
        } else if (type.hasMembers()) {
            String channelData = query.param("channel_data");
            if (channelData == null) {
                throw HistoryRefused.unauthorized("a presence channel's auth also covers channel_data: pass it too");
            }
            signed = ChannelAuth.signed(socketId, query.channel(), channelData);
        } else {
            signed = ChannelAuth.signed(socketId, query.channel(), null);
        }
        if (!ChannelAuth.matches(app.key(), app.secret(), signed, auth)) {
            throw notAuthorized(type);
        }
        sameApp(query, app);
        return app;
    }

    /** The user_data of a sign-in, whose id must be the user of the channel {@code #server-to-user-<id>}. */
    private static String userData(HistoryQuery query) {
        String userData = query.param("user_data");
        if (userData == null) {
            throw HistoryRefused.unauthorized("a #server-to-user- channel needs the user_data and auth of the user's sign-in");
        }
        String id;
        try {
            JsonNode node = Json.MAPPER.readTree(userData);
            id = node == null ? null : node.path("id").asText(null);
        } catch (java.io.IOException e) {
            id = null;
        }
        if (id == null || !query.channel().equals(SERVER_TO_USER + id)) {
            throw HistoryRefused.unauthorized("the user_data's id is not the user of this channel");
        }
        return userData;
    }

    private static HistoryRefused notAuthorized(ChannelType type) {
        return HistoryRefused.unauthorized("auth does not authorize this socket_id for this " + type.label() + " channel");
    }

    private void sameApp(HistoryQuery query, HistoryApps.App app) {
        String id = query.param("app");
        if (id != null && !id.equals(app.id())) {
            throw HistoryRefused.unauthorized("the auth is not of the app given as app=");
        }
    }

    private HistoryApps.App configured(String id) {
        return apps().byId(id).orElseThrow(() -> HistoryRefused.badRequest("app must be the id of a configured app, one of "
                + apps().ids() + "; was '" + HistoryParameters.printable(id) + "'"));
    }

    private HistoryApps.App onlyApp() {
        return apps().only().orElseThrow(() -> HistoryRefused.badRequest(apps().ids().isEmpty()
                ? "no app is configured with an id, key and secret (pusher.app-* or pusher.apps)"
                : "several apps are configured: add app=<app id>, one of " + apps().ids()));
    }

    private static String keyOf(String auth) {
        int colon = auth.indexOf(':');
        return colon < 0 ? "" : auth.substring(0, colon);
    }

    private HistoryApps apps() {
        if (apps == null) {
            apps = HistoryApps.read(key -> context.getPropertiesComponent().resolveProperty(key));
        }
        return apps;
    }
}
