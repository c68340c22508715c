package io.pusherpipeline.storage;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * JDBC URLs as they may be shown (credentials some drivers accept inside the URL are masked), and
 * embedded H2 URLs with the settings this application needs, where the user set none.
 */
public final class JdbcUrls {

    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password|pwd)=[^;&]*");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:]+):[^/@]*@");

    private JdbcUrls() {
    }

    public static String withoutSecrets(String url) {
        if (url == null) {
            return null;
        }
        String masked = PASSWORD_PARAM.matcher(url).replaceAll("$1=****");
        return USER_INFO.matcher(masked).replaceAll("//$1:****@");
    }

    /**
     * An embedded H2 URL (a file, not {@code mem:}, {@code tcp:} or {@code ssl:}) with
     * {@code ;setting=value} added, unless it sets that already; any other URL as given.
     */
    public static String withH2Setting(String url, String setting, String value) {
        if (!isEmbeddedH2File(url) || url.toUpperCase(Locale.ROOT).contains(";" + setting + "=")) {
            return url;
        }
        return url + ";" + setting + "=" + value;
    }

    /** {@code jdbc:h2:} and a file: the database lives in this process while it is open. */
    private static boolean isEmbeddedH2File(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return false;
        }
        String rest = url.substring("jdbc:h2:".length());
        return !rest.startsWith("mem:") && !rest.startsWith("tcp:") && !rest.startsWith("ssl:");
    }
}
