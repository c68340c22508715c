package io.pusherpipeline.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The channel auth against Pusher's documented example and the official pusher-http-java library. */
class ChannelAuthTest {

    private static final String KEY = "278d425bdf160c739803";
    private static final String SECRET = "7ad3773142a6692b25b8";

    @Test
    void aPrivateChannelsAuthIsTheDocumentedOne() {
        String auth = KEY + ":58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4";

        assertThat(ChannelAuth.auth(KEY, SECRET, ChannelAuth.signed("1234.1234", "private-foobar", null))).isEqualTo(auth);
        assertThat(ChannelAuth.matches(KEY, SECRET, ChannelAuth.signed("1234.1234", "private-foobar", null), auth)).isTrue();
        assertThat(ChannelAuth.matches(KEY, SECRET, ChannelAuth.signed("1234.1235", "private-foobar", null), auth)).isFalse();
        assertThat(ChannelAuth.matches(KEY, SECRET, ChannelAuth.signed("1234.1234", "private-foobaz", null), auth)).isFalse();
        assertThat(ChannelAuth.matches(KEY, SECRET, ChannelAuth.signed("1234.1234", "private-foobar", null), auth.toUpperCase()))
                .as("not the hex Pusher's libraries give").isFalse();
    }

    @Test
    void aPresenceChannelsAuthAlsoCoversItsChannelDataAsTheOfficialLibraryComputesIt() throws Exception {
        com.pusher.rest.Pusher official = new com.pusher.rest.Pusher("3", KEY, SECRET);
        com.fasterxml.jackson.databind.JsonNode given = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                official.authenticate("1234.1234", "presence-foobar", new com.pusher.rest.data.PresenceUser(10, Map.of("name", "Mr. Channels"))));
        String channelData = given.get("channel_data").asText();

        assertThat(ChannelAuth.matches(KEY, SECRET, ChannelAuth.signed("1234.1234", "presence-foobar", channelData),
                given.get("auth").asText())).isTrue();
        assertThat(ChannelAuth.matches(KEY, SECRET, ChannelAuth.signed("1234.1234", "presence-foobar", channelData.replace("10", "11")),
                given.get("auth").asText())).isFalse();
    }
}
