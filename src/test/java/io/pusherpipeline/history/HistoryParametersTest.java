package io.pusherpipeline.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cursor, page size and channel of a request: what is allowed, and the reason for what is not. */
class HistoryParametersTest {

    @Test
    void theDefaultsAndTheBoundsAreAllowed() {
        assertThat(HistoryParameters.after(null)).isZero();
        assertThat(HistoryParameters.after("0")).isZero();
        assertThat(HistoryParameters.after("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(HistoryParameters.limit(null)).isEqualTo(100);
        assertThat(HistoryParameters.limit("1")).isEqualTo(1);
        assertThat(HistoryParameters.limit("1000")).isEqualTo(1000);
        assertThat(HistoryParameters.limit("0100")).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "+1", "1.0", "1e3", " 1", "abc", "9223372036854775808", "99999999999999999999", "\u0661"})
    void aForgedCursorIsRefusedWithWhatIsAllowed(String after) {
        assertThatThrownBy(() -> HistoryParameters.after(after)).isInstanceOfSatisfying(HistoryRefused.class,
                e -> assertThat(e.status()).isEqualTo(400)).hasMessageStartingWith("after must be a whole number from 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "-1", "1001", "00000", "10000", "1.5", "x", "2147483648"})
    void aForgedLimitIsRefusedWithWhatIsAllowed(String limit) {
        assertThatThrownBy(() -> HistoryParameters.limit(limit)).isInstanceOfSatisfying(HistoryRefused.class,
                e -> assertThat(e.status()).isEqualTo(400)).hasMessageStartingWith("limit must be a whole number from 1 to 1000");
    }

    @Test
    void theChannelIsTheLastPathSegmentDecoded() {
        assertThat(HistoryParameters.channel("/pusher/history/%23server-to-user-1")).isEqualTo("#server-to-user-1");
        assertThat(HistoryParameters.channel("/pusher/history/private-encrypted-x")).isEqualTo("private-encrypted-x");
        assertThat(HistoryParameters.channel("/pusher/history/a%3Db%40c%2Cd.e%3Bf")).isEqualTo("a=b@c,d.e;f");
        assertThatThrownBy(() -> HistoryParameters.channel("/pusher/history/%zz")).hasMessageContaining("not URL-encoded correctly");
        assertThatThrownBy(() -> HistoryParameters.channel("/pusher/history/" + "x".repeat(201))).hasMessageContaining("1 to 200");
    }
}
