package io.pusherpipeline.history;

import java.util.Map;

/**
 * A history request as it came: the channel (decoded from the path), the method and the path exactly
 * as sent (what a server signs), every parameter of the query and the form (decoded, each once),
 * and the cursor and page size, already checked to be what is allowed.
 */
public record HistoryQuery(String channel, String method, String path, Map<String, String> params, long after, int limit) {

    public String param(String name) {
        return params.get(name);
    }
}
