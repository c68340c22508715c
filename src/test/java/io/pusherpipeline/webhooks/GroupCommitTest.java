package io.pusherpipeline.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link GroupCommit} without a database: who waits, what is committed together, who gets which answer. */
class GroupCommitTest {

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final List<List<Integer>> commits = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstCommitMayEnd = new CountDownLatch(1);

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    /** Doubles each item; the first commit holds until the test lets it end; item 13 fails the commit it is in. */
    private List<Integer> commit(List<Integer> items) {
        commits.add(items);
        if (commits.size() == 1) {
            try {
                firstCommitMayEnd.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (items.contains(13)) {
            throw new IllegalArgumentException("13 is refused");
        }
        return items.stream().map(i -> i * 2).toList();
    }

    @Test
    void callersArrivingDuringACommitAreCommittedTogetherInTheNextAndEachGetsItsOwnAnswer() throws Exception {
        GroupCommit<Integer, Integer> group = new GroupCommit<>(this::commit, e -> true, 100, () -> new IllegalStateException("never late"));
        Future<Integer> first = callers.submit(() -> group.submit(1, Long.MAX_VALUE));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> commits.size() == 1);
        List<Future<Integer>> waiting = new ArrayList<>();
        for (int i = 2; i <= 9; i++) {
            int item = i;
            waiting.add(callers.submit(() -> group.submit(item, Long.MAX_VALUE)));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> waiting.stream().noneMatch(Future::isDone)
                && threadsWaiting() == 8);

        firstCommitMayEnd.countDown();

        assertThat(first.get()).isEqualTo(2);
        for (int i = 0; i < waiting.size(); i++) {
            assertThat(waiting.get(i).get()).isEqualTo((i + 2) * 2);
        }
        assertThat(commits).hasSize(2);
        assertThat(commits.get(1)).containsExactlyInAnyOrder(2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void aCallerStillQueuedAfterTheLongestWaitFailsWithoutBeingCommittedAndTheOthersGoOn() throws Exception {
        GroupCommit<Integer, Integer> group = new GroupCommit<>(this::commit, e -> true, 100,
                () -> new IllegalStateException("waited too long"));
        Future<Integer> first = callers.submit(() -> group.submit(1, Long.MAX_VALUE));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> commits.size() == 1);

        Future<Integer> late = callers.submit(() -> group.submit(2, Duration.ofMillis(200).toNanos()));

        assertThat(failure(late)).hasMessage("waited too long");
        firstCommitMayEnd.countDown();
        assertThat(first.get()).isEqualTo(2);
        // Already past its wait, but with no commit running it is committed all the same.
        assertThat(group.submit(3, -1)).isEqualTo(6);
        assertThat(commits).containsExactly(List.of(1), List.of(3));
    }

    @Test
    void aGroupThatFailsIsCommittedItemByItemSoOnlyTheFaultyItemFails() throws Exception {
        GroupCommit<Integer, Integer> group = new GroupCommit<>(this::commit, e -> true, 100, () -> new IllegalStateException("never late"));
        List<Future<Integer>> waiting = waitBehindTheFirstCommit(group, 11, 12, 13, 14);

        assertThat(waiting.get(0).get()).isEqualTo(22);
        assertThat(waiting.get(1).get()).isEqualTo(24);
        assertThat(failure(waiting.get(2))).isInstanceOf(IllegalArgumentException.class).hasMessage("13 is refused");
        assertThat(waiting.get(3).get()).isEqualTo(28);
        assertThat(commits.subList(2, commits.size())).containsExactlyInAnyOrder(List.of(11), List.of(12), List.of(13), List.of(14));
    }

    @Test
    void aFailureOfEveryItemFailsTheWholeGroupAtOnceWithoutTryingEachAlone() throws Exception {
        GroupCommit<Integer, Integer> group = new GroupCommit<>(this::commit, e -> false, 100, () -> new IllegalStateException("never late"));
        List<Future<Integer>> waiting = waitBehindTheFirstCommit(group, 11, 12, 13, 14);

        for (Future<Integer> f : waiting) {
            assertThat(failure(f)).hasMessage("13 is refused");
        }
        assertThat(commits).hasSize(2);
    }

    @Test
    void aGroupHoldsAtMostTheLimitAndTheRestFollowInTheNextCommit() throws Exception {
        GroupCommit<Integer, Integer> group = new GroupCommit<>(this::commit, e -> true, 3, () -> new IllegalStateException("never late"));
        List<Future<Integer>> waiting = waitBehindTheFirstCommit(group, 2, 3, 4, 5, 6, 7, 8);

        for (int i = 0; i < waiting.size(); i++) {
            assertThat(waiting.get(i).get()).isEqualTo((i + 2) * 2);
        }
        assertThat(commits.subList(1, commits.size())).allSatisfy(items -> assertThat(items).hasSizeLessThanOrEqualTo(3))
                .flatMap(items -> items).containsExactlyInAnyOrder(2, 3, 4, 5, 6, 7, 8);
    }

    /** Item 1 starts a commit that holds; {@code items} are submitted while it runs, then it is let go. */
    private List<Future<Integer>> waitBehindTheFirstCommit(GroupCommit<Integer, Integer> group, int... items) {
        Future<Integer> first = callers.submit(() -> group.submit(1, Long.MAX_VALUE));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> commits.size() == 1);
        List<Future<Integer>> waiting = new ArrayList<>();
        for (int item : items) {
            waiting.add(callers.submit(() -> group.submit(item, Long.MAX_VALUE)));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> threadsWaiting() == items.length);
        firstCommitMayEnd.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(first::isDone);
        return waiting;
    }

    /** The callers parked in GroupCommit.submit waiting for an answer (not the one inside a commit). */
    private static long threadsWaiting() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getState() == Thread.State.WAITING || e.getKey().getState() == Thread.State.TIMED_WAITING)
                .filter(e -> List.of(e.getValue()).stream().anyMatch(f -> f.getClassName().equals(GroupCommit.class.getName())))
                .filter(e -> List.of(e.getValue()).stream().noneMatch(f -> f.getMethodName().equals("commit")
                        && f.getClassName().equals(GroupCommitTest.class.getName())))
                .count();
    }

    private static Throwable failure(Future<Integer> f) {
        try {
            f.get();
            throw new AssertionError("expected a failure, got an answer");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
