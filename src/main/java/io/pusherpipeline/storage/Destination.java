package io.pusherpipeline.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Where everything is stored ({@code pusherDestination}): a database (its DataSource, schema and
 * dialect) or the folder of {@code pusher.sink=file}; decided once, from the settings.
 */
public final class Destination {

    /** The kind of store; a JDBC URL of another database is {@code OTHER}: standard SQL, as on H2. */
    public enum Dialect { POSTGRES, H2, DUCKDB, OTHER, FILES }

    private final Dialect dialect;
    private final DataSource dataSource;
    private final String url;
    private final String schema;
    private final Path folder;

    private Destination(Dialect dialect, DataSource dataSource, String url, String schema, Path folder) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.url = url;
        this.schema = schema;
        this.folder = folder;
    }

    /** The database of {@code url} (shown without its secrets), through {@code dataSource}, tables in {@code schema}. */
    public static Destination database(DataSource dataSource, String url, String schema) {
        return new Destination(dialectOf(url), dataSource, url, SchemaScript.checkedSchema(schema), null);
    }

    /** The folder the file sink writes to. */
    public static Destination folder(Path folder) {
        return new Destination(Dialect.FILES, null, null, "pusher_data", folder);
    }

    /** The dialect of a JDBC URL. */
    public static Dialect dialectOf(String url) {
        return url.startsWith("jdbc:postgresql:") ? Dialect.POSTGRES : url.startsWith("jdbc:h2:") ? Dialect.H2
                : url.startsWith("jdbc:duckdb:") ? Dialect.DUCKDB : Dialect.OTHER;
    }

    /** The same test, for a helper given only a connection (its URL, so no other database loads pgjdbc's classes). */
    static boolean postgres(Connection c) throws SQLException {
        return dialectOf(c.getMetaData().getURL()) == Dialect.POSTGRES;
    }

    public Dialect dialect() {
        return dialect;
    }

    public boolean isDatabase() {
        return dialect != Dialect.FILES;
    }

    /** PostgreSQL: COPY, arrays, advisory locks and row locks instead of the JVM's. */
    public boolean postgres() {
        return dialect == Dialect.POSTGRES;
    }

    /** The database's pool; a folder has none, nor {@code show}, which opens its own read-only connection. */
    public DataSource dataSource() {
        if (dataSource == null) {
            throw new IllegalStateException("No DataSource for " + printable() + (isDatabase() ? "" : " (pusher.sink=file)"));
        }
        return dataSource;
    }

    public String schema() {
        return schema;
    }

    /** The file sink's folder ({@code pusher.file.dir}); a database has none. */
    public Path folder() {
        if (folder == null) {
            throw new IllegalStateException("The destination " + printable() + " is a database, not a folder (pusher.sink=jdbc)");
        }
        return folder;
    }

    /** The JDBC URL as configured, secrets and all: never to be shown. */
    String url() {
        return url;
    }

    /** For messages: the URL without its secrets and the schema, or the folder. */
    public String printable() {
        return isDatabase() ? JdbcUrls.withoutSecrets(url) + " (" + schema + ")" : folder.toString();
    }
}
