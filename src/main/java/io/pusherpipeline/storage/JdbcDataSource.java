package io.pusherpipeline.storage;

import javax.sql.DataSource;

/** Builds the DataSource of {@code pusher.jdbc.url}, {@code user} and {@code password} (see {@link DataSources#forUrl}). */
public final class JdbcDataSource {

    private String url;
    private String user;
    private String password;

    public DataSource build() {
        return DataSources.forUrl(url, user, password);
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}
