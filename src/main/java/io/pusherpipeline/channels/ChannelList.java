package io.pusherpipeline.channels;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.pusherpipeline.api.PusherApiException;
import io.pusherpipeline.api.UnexpectedResponseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /apps/{id}/channels} ({@code {"channels": {"name": {"user_count": 3}, ...}}}) read
 * channel by channel as the body streams in, so that a million channels take no more memory than
 * ten. Every info attribute is optional: servers differ in what they volunteer.
 */
public final class ChannelList extends ChannelIterator {

    private static final String REQUEST = "GET /channels";
    private static final String EXPECTED = "an object {\"channels\": {\"name\": {...}}}";
    // The start of the body, kept to show what came when it is not a channel list.
    private static final int HEAD_BYTES = 100;
    // Channel names are the list's field names: a million distinct ones only fill Jackson's table of
    // known names, which made reading the list cost twice as much.
    private static final JsonFactory JSON = JsonFactory.builder().disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build();

    private final String path;
    private final String head;
    private final JsonParser parser;
    private boolean done;

    private ChannelList(InputStream body, String path) throws IOException {
        this.path = path;
        byte[] start = body.readNBytes(HEAD_BYTES);
        this.head = new String(start, StandardCharsets.UTF_8) + (start.length == HEAD_BYTES ? "..." : "");
        this.parser = JSON.createParser(new SequenceInputStream(new ByteArrayInputStream(start), body));
    }

    /** The list's channels; throws at once when the body is not a channel list, or Pusher's error inside a 200. */
    public static ChannelList read(InputStream body, String path) {
        ChannelList list;
        try {
            list = new ChannelList(body, path);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the answer to " + REQUEST + ": " + e.getMessage(), e);
        }
        try {
            list.openChannels();
            return list;
        } catch (IOException e) {
            list.close();
            throw list.unexpected(e);
        } catch (RuntimeException e) {
            list.close();
            throw e;
        }
    }

    @Override
    protected ChannelState read() {
        if (done) {
            return null;
        }
        try {
            return readChannel();
        } catch (IOException e) {
            close();
            throw unexpected(e);
        }
    }

    /** Lets go of the body (a spooled copy on disk is deleted with it). */
    @Override
    public void close() {
        done = true;
        try {
            parser.close();
        } catch (IOException e) {
            // Nothing of the body is needed any more.
        }
    }

    /** Moves to the first channel; what else the top object holds is read only for Pusher's error fields. */
    private void openChannels() throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw unexpected();
        }
        String error = null;
        Integer code = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("channels") && value == JsonToken.START_OBJECT) {
                return;
            } else if (field.equals("error") && value.isScalarValue()) {
                error = parser.getValueAsString();
            } else if (field.equals("code") && value.isNumeric()) {
                code = parser.getIntValue();
            } else {
                parser.skipChildren();
            }
        }
        if (error != null && code != null && code >= 400) {
            throw new PusherApiException(code, path, error);
        }
        throw unexpected();
    }

    private ChannelState readChannel() throws IOException {
        if (parser.nextToken() != JsonToken.FIELD_NAME) {
            close();
            return null;
        }
        String name = parser.currentName();
        Integer subscriptionCount = null;
        Integer userCount = null;
        if (parser.nextToken() == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isNumeric() && field.equals("subscription_count")) {
                    subscriptionCount = parser.getIntValue();
                } else if (value.isNumeric() && field.equals("user_count")) {
                    userCount = parser.getIntValue();
                } else {
                    parser.skipChildren();
                }
            }
        } else {
            parser.skipChildren();
        }
        return ChannelState.of(name, subscriptionCount, userCount);
    }

    private UnexpectedResponseException unexpected() {
        return new UnexpectedResponseException(REQUEST, EXPECTED, head);
    }

    /** Where the body stopped being a channel list, after its start. */
    private UnexpectedResponseException unexpected(IOException e) {
        String problem = e instanceof JsonProcessingException json ? json.getOriginalMessage().lines().findFirst().orElse("")
                + " at " + parser.currentLocation().offsetDescription() : e.toString();
        return new UnexpectedResponseException(REQUEST, EXPECTED, head + " [" + problem + "]");
    }
}
