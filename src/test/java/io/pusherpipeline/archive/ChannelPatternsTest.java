package io.pusherpipeline.archive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChannelPatternsTest {

    @ParameterizedTest(name = "{0} with {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "*                         | orders                    | true",
        "*                         | private-encrypted-plans   | true",
        "*                         | presence-chat             | false",
        "*                         | presence-cache-chat       | false",
        "*                         | #server-to-user-alice     | false",
        "orders-*                  | orders-42                 | true",
        "orders-*                  | orders-                   | true",
        "orders-*                  | my-orders-42              | false",
        "orders-*, private-chat-*  | private-chat-room         | true",
        "orders-*, private-chat-*  | private-orders-1          | false",
        "*-eu                      | news-eu                   | true",
        "*-eu                      | news-eu-2                 | false",
        "a*b*c                     | aXXbYYc                   | true",
        "a*b*c                     | acb                       | false",
        "room.1                    | room.1                    | true",
        "room.1                    | roomX1                    | false",
        "presence-*                | presence-chat             | false",
    })
    void archivesWhatAPatternMatchesButNeverPresence(String patterns, String channel, boolean archived) {
        assertThat(ChannelPatterns.parse(patterns).archives(channel)).isEqualTo(archived);
    }

    @Test
    void blankPatternsMeanEveryChannel() {
        assertThat(ChannelPatterns.parse(" , ").archives("anything")).isTrue();
        assertThat(ChannelPatterns.parse(null).archives("anything")).isTrue();
        assertThat(ChannelPatterns.parse("").archives("")).isFalse();
    }
}
