package io.pusherpipeline.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pusherpipeline.api.PusherApiException;
import io.pusherpipeline.api.UnexpectedResponseException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelListTest {

    @Test
    void everyChannelWithTheCountsPusherVolunteeredAndNothingElse() {
        ChannelList list = read("""
                {"channels": {"orders": {"subscription_count": 3, "extra": {"nested": [1, 2]}},
                              "presence-room": {"user_count": 2, "subscription_count": 4},
                              "private-billing": {}, "odd": null}, "later": true}""");

        List<ChannelState> channels = new ArrayList<>();
        list.forEachRemaining(channels::add);

        assertThat(channels).containsExactly(ChannelState.of("orders", 3, null), ChannelState.of("presence-room", 4, 2),
                ChannelState.of("private-billing", null, null), ChannelState.of("odd", null, null));
    }

    @Test
    void theFirstChannelsComeBeforeTheBodyHasBeenReadSoMemoryDoesNotGrowWithTheList() {
        StringBuilder body = new StringBuilder("{\"channels\": {");
        for (int i = 0; i < 100_000; i++) {
            body.append(i == 0 ? "" : ",").append("\"private-user-").append(i).append("\": {\"subscription_count\": 1}");
        }
        byte[] bytes = body.append("}}").toString().getBytes(StandardCharsets.UTF_8);
        CountingStream counted = new CountingStream(new ByteArrayInputStream(bytes));

        ChannelList list = ChannelList.read(counted, "/apps/1/channels");

        assertThat(list.next().name()).isEqualTo("private-user-0");
        assertThat(counted.read).as("bytes read of %d", bytes.length).isLessThan(64 * 1024);
        int rest = 0;
        while (list.hasNext()) {
            list.next();
            rest++;
        }
        assertThat(rest).isEqualTo(99_999);
    }

    @Test
    void soketisErrorInsideA200IsPushersRefusal() {
        assertThatThrownBy(() -> read("{\"error\": \"The secret authentication failed\", \"code\": 401}"))
                .isInstanceOfSatisfying(PusherApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.said()).isEqualTo("The secret authentication failed");
                    assertThat(e.path()).isEqualTo("/apps/1/channels");
                });
    }

    @Test
    void aBodyThatBreaksOffMidwaySaysWhatWasExpectedAndWhatCame() {
        ChannelList list = read("{\"channels\": {\"orders\": {\"subscription_count\": 3}, \"broken\": {\"subscr");

        assertThat(list.next().name()).isEqualTo("orders");
        assertThatThrownBy(list::hasNext).isInstanceOf(UnexpectedResponseException.class)
                .hasMessageContaining("expected an object {\"channels\"").hasMessageContaining("\"broken\"");
    }

    private static ChannelList read(String body) {
        return ChannelList.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), "/apps/1/channels");
    }

    private static final class CountingStream extends FilterInputStream {
        long read;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            read += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            read += Math.max(n, 0);
            return n;
        }
    }
}
