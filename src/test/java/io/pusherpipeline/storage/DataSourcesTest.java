package io.pusherpipeline.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourcesTest {

    @TempDir
    Path dir;

    @Test
    void anEmbeddedH2FileIsNotCompactedAtCloseUnlessItsUrlSaysSo() throws SQLException {
        assertThat(maxCompactTime("jdbc:h2:file:" + dir.resolve("default") + ";AUTO_SERVER=TRUE")).isEqualTo("0");
        assertThat(maxCompactTime("jdbc:h2:file:" + dir.resolve("own") + ";max_compact_time=500")).isEqualTo("500");
    }

    @Test
    void onlyEmbeddedH2FileUrlsGetSettings() {
        assertThat(DataSources.tuned("jdbc:h2:./data/pusher")).isEqualTo("jdbc:h2:./data/pusher;MAX_COMPACT_TIME=0");
        assertThat(DataSources.tuned("jdbc:h2:mem:x")).isEqualTo("jdbc:h2:mem:x");
        assertThat(DataSources.tuned("jdbc:h2:tcp://db/pusher")).isEqualTo("jdbc:h2:tcp://db/pusher");
        assertThat(DataSources.tuned("jdbc:postgresql://db/app")).isEqualTo("jdbc:postgresql://db/app");
    }

    private static String maxCompactTime(String url) throws SQLException {
        DataSource pool = DataSources.forUrl(url, "", "");
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                     + " WHERE SETTING_NAME = 'MAX_COMPACT_TIME'")) {
            assertThat(rs.next()).as("H2 lists MAX_COMPACT_TIME among its settings").isTrue();
            return rs.getString(1);
        } finally {
            DataSources.close(pool, url);
        }
    }
}
