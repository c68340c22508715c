package io.pusherpipeline.webhooks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Group commit for callers that each wait for their own answer: a caller queues its item; if no
 * commit is running it becomes the leader, takes every waiting item (up to a limit) into one commit
 * and answers each of them; otherwise it waits until a leader has answered it, or leads the next
 * commit. No thread of its own. Hand-written: neither Camel nor the JDK groups request/reply work.
 */
final class GroupCommit<T, R> {

    /** Commits the items together, all or none; answers one result per item, in their order. */
    interface Commit<T, R> {
        List<R> commit(List<T> items);
    }

    private static final class Waiting<T, R> {
        final T item;
        volatile boolean answered;
        volatile R result;
        volatile RuntimeException failure;

        Waiting(T item) {
            this.item = item;
        }

        R answer() {
            if (failure != null) {
                throw failure;
            }
            return result;
        }
    }

    private final Commit<T, R> commit;
    private final Predicate<RuntimeException> eachAlone;
    private final int maxItems;
    private final Supplier<RuntimeException> tooLate;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition answered = lock.newCondition();
    private final List<Waiting<T, R>> queue = new ArrayList<>();
    private boolean committing;

    /**
     * {@code eachAlone}: whether a group's failure may be the fault of one of its items, so each is
     * committed alone and only the faulty one fails (false for, say, a database that cannot be reached).
     * {@code tooLate}: the failure of an item that waited its longest ({@link #submit}) while another commit ran.
     */
    GroupCommit(Commit<T, R> commit, Predicate<RuntimeException> eachAlone, int maxItems, Supplier<RuntimeException> tooLate) {
        this.commit = commit;
        this.eachAlone = eachAlone;
        this.maxItems = maxItems;
        this.tooLate = tooLate;
    }

    /**
     * Commits the item, with whatever items wait beside it; returns its result once committed, or
     * throws its failure. An item still queued after {@code maxWaitNanos} leaves the queue and fails
     * with {@code tooLate}; with no commit running, it is committed however late.
     */
    R submit(T item, long maxWaitNanos) {
        Waiting<T, R> mine = new Waiting<>(item);
        List<Waiting<T, R>> group;
        lock.lock();
        try {
            queue.add(mine);
            long waited = System.nanoTime();
            while (committing && !mine.answered) {
                if (System.nanoTime() - waited >= maxWaitNanos && queue.remove(mine)) {
                    throw tooLate.get();
                }
                awaitAnswer(maxWaitNanos - (System.nanoTime() - waited));
            }
            if (mine.answered) {
                return mine.answer();
            }
            committing = true;
            group = takeGroup(mine);
        } finally {
            lock.unlock();
        }
        try {
            run(group);
        } finally {
            lock.lock();
            try {
                committing = false;
                answered.signalAll();
            } finally {
                lock.unlock();
            }
        }
        return mine.answer();
    }

    private void awaitAnswer(long nanos) {
        try {
            answered.awaitNanos(Math.max(nanos, 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The leader's own item and those queued before the others, at most {@code maxItems}. */
    private List<Waiting<T, R>> takeGroup(Waiting<T, R> leader) {
        queue.remove(leader);
        List<Waiting<T, R>> group = new ArrayList<>(List.of(leader));
        int taken = Math.min(queue.size(), maxItems - 1);
        group.addAll(queue.subList(0, taken));
        queue.subList(0, taken).clear();
        return group;
    }

    private void run(List<Waiting<T, R>> group) {
        try {
            answer(group, commit.commit(group.stream().map(w -> w.item).toList()));
        } catch (RuntimeException e) {
            if (group.size() == 1 || !eachAlone.test(e)) {
                group.forEach(w -> fail(w, e));
                return;
            }
            for (Waiting<T, R> w : group) {
                try {
                    answer(List.of(w), commit.commit(List.of(w.item)));
                } catch (RuntimeException alone) {
                    fail(w, alone);
                }
            }
        } catch (Error e) {
            group.forEach(w -> fail(w, new IllegalStateException("the commit failed: " + e, e)));
            throw e;
        }
    }

    private void answer(List<Waiting<T, R>> group, List<R> results) {
        for (int i = 0; i < group.size(); i++) {
            group.get(i).result = results.get(i);
            group.get(i).answered = true;
        }
    }

    private static <T, R> void fail(Waiting<T, R> w, RuntimeException e) {
        w.failure = e;
        w.answered = true;
    }
}
