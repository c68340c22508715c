package io.pusherpipeline.storage;

import com.zaxxer.hikari.util.DriverDataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DuckDB file, opened for each connection and closed with it, so that another process (show, the
 * DuckDB CLI) can open it in between. Opening and closing are one at a time in this process:
 * DuckDB's JDBC driver races when two threads open, or one opens while another closes the last
 * connection of, the same file ("Unique file handle conflict: ... is already attached").
 */
final class DuckDbFile implements DataSource {

    private static final Object OPENING = new Object();

    private final DriverDataSource driver;

    DuckDbFile(String url, String user, String password) {
        driver = new DriverDataSource(url, null, new Properties(), user, user == null ? null : password);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection;
        synchronized (OPENING) {
            connection = driver.getConnection();
        }
        return closedOneAtATime(connection);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("The DuckDB file takes its user from pusher.jdbc.user");
    }

    private static Connection closedOneAtATime(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    try {
                        if (method.getName().equals("close") && method.getParameterCount() == 0) {
                            synchronized (OPENING) {
                                connection.close();
                            }
                            return null;
                        }
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("Not a wrapper of " + type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
