package io.pusherpipeline;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson ObjectMapper of the application: thread-safe once made, its caches built once for every reader and writer. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
