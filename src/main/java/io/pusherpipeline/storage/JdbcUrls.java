package io.pusherpipeline.storage;

import java.util.regex.Pattern;

/** JDBC URLs as they may be shown: credentials some drivers accept inside the URL are masked. */
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
}
