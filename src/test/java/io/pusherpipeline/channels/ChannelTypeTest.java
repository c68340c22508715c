package io.pusherpipeline.channels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChannelTypeTest {

    @ParameterizedTest
    @CsvSource({
        "orders, public",
        "private-orders, private",
        "presence-room, presence",
        "private-encrypted-x, private-encrypted",
        "cache-x, cache",
        "private-cache-x, private-cache",
        "presence-cache-x, presence-cache",
        "private-encrypted-cache-x, private-encrypted-cache",
        "#server-to-user-42, server-to-user",
        "presenceroom, public",
        "'presence-a_b-c=d@e,f.g;h', presence",
    })
    void typeFollowsTheLongestMatchingPrefix(String name, String label) {
        assertThat(ChannelType.of(name).label()).isEqualTo(label);
    }
}
