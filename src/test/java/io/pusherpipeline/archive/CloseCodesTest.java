package io.pusherpipeline.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.archive.CloseCodes.Next;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloseCodesTest {

    @ParameterizedTest(name = "close code {0}: {1}")
    @CsvSource({
        "4000, GIVE_UP", "4001, GIVE_UP", "4009, GIVE_UP", "4099, GIVE_UP",
        "4100, BACK_OFF", "4199, BACK_OFF",
        "4200, AT_ONCE", "4201, AT_ONCE", "4299, AT_ONCE",
        "1000, BACK_OFF", "1006, BACK_OFF", "4300, BACK_OFF", "3999, BACK_OFF", "-1, BACK_OFF",
    })
    void eachCloseCodeRangeDecidesTheNextConnection(int code, Next next) {
        assertThat(CloseCodes.next(code)).isEqualTo(next);
    }

    @Test
    void theBackoffDoublesFromOneSecondAndStopsAtAMinute() {
        assertThat(CloseCodes.backoff(0)).isEqualTo(Duration.ZERO);
        assertThat(CloseCodes.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(CloseCodes.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(CloseCodes.backoff(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(CloseCodes.backoff(6)).isEqualTo(Duration.ofSeconds(32));
        assertThat(CloseCodes.backoff(7)).isEqualTo(Duration.ofSeconds(60));
        assertThat(CloseCodes.backoff(1_000)).isEqualTo(Duration.ofSeconds(60));
    }
}
