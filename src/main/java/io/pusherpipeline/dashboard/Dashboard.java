package io.pusherpipeline.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.pusherpipeline.Json;
import io.pusherpipeline.storage.Destination;
import io.pusherpipeline.storage.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The read-only dashboard on the management server ({@code GET /}): its page comes from the jar,
 * its figures from {@link #json()}, read from the snapshots' database on each request.
 */
public final class Dashboard {

    // Times as ISO-8601 text, which the page's JavaScript reads with Date.
    private static final ObjectMapper JSON = Json.MAPPER.copy()
            .registerModule(new SimpleModule().addSerializer(OffsetDateTime.class, ToStringSerializer.instance));

    private Destination destination;

    /** {@code pusherDestination}: the snapshots' database, or a folder (then there are no figures). */
    public void setDestination(Destination destination) {
        this.destination = destination;
    }

    /** Serves the page on the management server; the route runs this once, at start-up. */
    public void mount(Exchange exchange) {
        DashboardRoutes.mount(exchange.getContext(), this);
    }

    /** The figures the page shows, as JSON; with the file sink only a note that they need a database. */
    String json() {
        try {
            if (!destination.isDatabase()) {
                return JSON.writeValueAsString(Map.of("note", "The dashboard reads a database: set pusher.sink=jdbc."));
            }
            try (Connection c = destination.dataSource().getConnection()) {
                return JSON.writeValueAsString(DashboardData.read(c, destination.schema()));
            }
        } catch (SQLException e) {
            throw new StorageException("Cannot read the dashboard's figures from " + destination.printable() + ": " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the dashboard's figures as JSON: " + e.getMessage(), e);
        }
    }
}
