package io.pusherpipeline.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.snapshot.HeapExhaustion.Collection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the watch calls the heap exhausted, judged from collections given as numbers (a 40 MB heap). */
class HeapExhaustionTest {

    private static final long MB = 1 << 20;
    private static final long MAX = 40 * MB;

    private final List<String> reasons = new ArrayList<>();
    private final HeapExhaustion watch = new HeapExhaustion(reasons::add);

    private static Collection full(long endMs, long usedMb) {
        return new Collection("G1 Compaction Pause", true, endMs, 50, usedMb * MB, MAX);
    }

    @Test
    void aFullCollectionLeavingMoreThanSeventyPercentTripsAtOnceSayingWhatToDo() {
        watch.judge(full(20_000, 30));

        assertThat(reasons).singleElement().asString().contains("30 of the 40 MB heap still in use after a full garbage collection",
                "java -Xmx", "pusher.snapshot.filter-by-prefix");
    }

    @Test
    void twoFullCollectionsWithinTenSecondsEachLeavingMoreThanSixtyPercentTrip() {
        watch.judge(full(20_000, 26));
        assertThat(reasons).isEmpty();

        watch.judge(full(29_000, 25));

        assertThat(reasons).singleElement().asString().contains("two full garbage collections within 10 s",
                "25 of the 40 MB heap in use", "java -Xmx");
    }

    @Test
    void fullCollectionsFurtherApartOrLeavingRoomOrYoungOnesDoNotTrip() {
        watch.judge(full(20_000, 26));
        watch.judge(full(31_000, 26)); // 11 s later
        watch.judge(full(32_000, 24)); // 60%, not more
        watch.judge(new Collection("G1 Evacuation Pause", false, 33_000, 5, 27 * MB, MAX));

        assertThat(reasons).isEmpty();
    }

    @Test
    void collectionsSomeoneAskedForNeverTrip() {
        for (String cause : new String[] {"System.gc()", "Diagnostic Command"}) {
            watch.judge(new Collection(cause, true, 20_000, 9_000, 35 * MB, MAX));
            watch.judge(new Collection(cause, true, 21_000, 900, 35 * MB, MAX));
        }

        assertThat(reasons).isEmpty();
    }

    @Test
    void collectionsTakingMoreThanFortyPercentOfTenSecondsTrip() {
        for (long end = 11_000; end <= 15_000; end += 1_000) {
            watch.judge(new Collection("G1 Evacuation Pause", false, end, 900, 10 * MB, MAX));
        }

        assertThat(reasons).singleElement().asString().contains("garbage collection took more than 40% of the last 10 s");
    }
}
