package argus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The chunked key budget under threads that come and go, lose races, and share it with evictions. */
class KeyBudgetConcurrencyTest {

    static final long SECOND = 1_000_000_000L;
    static final long HOUR = 3600 * SECOND;

    /** Fills the budget from the calling thread until refused; returns how many it got. */
    private static long fill(KeyBudget budget) {
        long got = 0;
        while (budget.tryReserve()) {
            got++;
        }
        return got;
    }

    private static void onNewThread(Runnable r) throws InterruptedException {
        Thread t = new Thread(r);
        t.start();
        t.join();
    }

    /**
     * The documented bound: "at most CHUNK - 1 unused reservations per thread that reserved far
     * from the cap" (KeyBudget, README: "up to 63 keys per event loop"). A thread that reserves a
     * chunk and loses the race for its first key holds the whole chunk: 64.
     */
    @Test
    @Timeout(10)
    void aThreadHoldsAtMostChunkMinusOneUnusedReservations() throws Exception {
        KeyBudget budget = new KeyBudget(10_000);
        java.util.concurrent.CountDownLatch reserved = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread loop = new Thread(() -> { // an event loop, alive and idle while the other one fills the cap
            assertTrue(budget.tryReserve()); // its first new key...
            budget.unreserve();              // ...another loop created it first
            reserved.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        loop.start();
        reserved.await();
        long got = fill(budget);
        done.countDown();
        loop.join();
        assertTrue(got >= budget.max() - (KeyBudget.CHUNK - 1),
                "refused at " + got + " live keys of " + budget.max() + " with one other (idle) thread");
    }

    /**
     * "A thread that ends takes its few with it": with threads that come and go (a pool that
     * replaces idle threads, virtual threads, per-task threads), every thread that creates one key
     * far from the cap leaks 63 reservations for good, until the cap is effectively NEAR (4096).
     */
    @Test
    @Timeout(60)
    void shortLivedThreadsDoNotShrinkTheCap() throws Exception {
        KeyBudget budget = new KeyBudget(100_000);
        for (int i = 0; i < 1_600; i++) {
            onNewThread(() -> assertTrue(budget.tryReserve())); // one new key each
        }
        for (int i = 0; i < 1_600; i++) {
            budget.release(); // and every one of those keys evicted
        }
        assertEquals(0, budget.live());
        long got = fill(budget);
        assertTrue(got >= budget.max() - KeyBudget.CHUNK,
                "no key live, yet refused after " + got + " of " + budget.max() + " (reserved " + budget.reserved() + ")");
    }

    /** The same through an engine: 1600 short-lived threads each create one key; all expire and are evicted. */
    @Test
    @Timeout(60)
    void shortLivedCallersDoNotShrinkTheEnginesCap() throws Exception {
        ManualClock clock = new ManualClock();
        try (BstEngine engine = new BstEngine(clock, EngineConfig.defaults().withMaxKeys(100_000), RebuildListener.NONE)) {
            for (int i = 0; i < 1_600; i++) {
                int n = i;
                onNewThread(() -> assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of("once-" + n), 1, SECOND)));
            }
            clock.advance(SECOND);
            engine.forceRebuild();
            assertEquals(0, engine.stats().liveKeys());
            long admitted = 0;
            for (int i = 0; i < 100_000; i++) {
                if (engine.acquire(KeyBuffer.of("later-" + i), 1, HOUR) != Outcome.OK) {
                    break;
                }
                admitted++;
            }
            assertEquals(100_000, admitted, "new keys admitted on an empty engine with MAX_KEYS 100000");
        }
    }

    /**
     * Reservations taken on one thread and given back on another: the live count stays exact, but
     * the giving thread's unused count grows without bound (not reachable from AbstractEngine,
     * which unreserves on the reserving thread, but nothing in KeyBudget says so).
     */
    @Test
    void crossThreadUnreserveKeepsTheCountsExactAndBounded() throws Exception {
        KeyBudget budget = new KeyBudget(1_000_000);
        for (int i = 0; i < 1_000; i++) {
            assertTrue(budget.tryReserve());
        }
        onNewThread(() -> {
            for (int i = 0; i < 1_000; i++) {
                budget.unreserve();
            }
        });
        assertEquals(0, budget.live());
        long unused = budget.reserved() - budget.live();
        assertTrue(unused <= 2 * (KeyBudget.CHUNK - 1), "two threads hold " + unused + " unused reservations");
    }

    /**
     * Each thread counts the records it creates in its own slot, and an ended thread's slot is
     * dropped from the registry (every CHUNK registrations): its records stay in the live count,
     * and in the created count the engines measure new keys by.
     */
    @Test
    void recordsOfEndedThreadsStayCounted() throws Exception {
        KeyBudget budget = new KeyBudget(1_000_000);
        for (int i = 0; i < 5 * KeyBudget.CHUNK; i++) { // 5 sweeps of ended threads' slots
            onNewThread(() -> {
                assertTrue(budget.tryReserve());
                assertTrue(budget.tryReserve());
                assertTrue(budget.tryReserve());
                budget.unreserve(); // lost a race: 2 records created
            });
        }
        assertEquals(10L * KeyBudget.CHUNK, budget.live());
        assertEquals(10L * KeyBudget.CHUNK, budget.created());
        for (int i = 0; i < 10 * KeyBudget.CHUNK; i++) {
            budget.release();
        }
        assertEquals(0, budget.live());
        assertEquals(10L * KeyBudget.CHUNK, budget.created(), "evictions do not undo creations");
    }

    /**
     * While ended threads' slots are folded into the total (a sweep every CHUNK registrations),
     * a concurrent reading counts each ended thread once: never twice (a sum beside a sweep once
     * counted every slot it had passed again), never not at all. Threads run one at a time, so
     * at any moment the truth is between what the joined ones created and that plus one thread's.
     */
    @Test
    @Timeout(30)
    void createdCountsEndedThreadsOnceWhileTheyAreFolded() throws Exception {
        int perThread = 1_000;
        KeyBudget budget = new KeyBudget(Long.MAX_VALUE / 4);
        AtomicLong joined = new AtomicLong(); // records of the threads joined so far
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong wrong = new AtomicLong();
        AtomicLong firstWrong = new AtomicLong(-1);
        Thread reader = new Thread(() -> {
            while (running.get()) {
                long low = joined.get();
                long created = budget.created();
                long high = joined.get() + perThread;
                if (created < low || created > high) {
                    wrong.incrementAndGet();
                    firstWrong.compareAndSet(-1, created - low);
                }
            }
        });
        reader.start();
        long deadline = System.nanoTime() + 3 * SECOND;
        int threads = 0;
        try {
            while (threads < 20 * KeyBudget.CHUNK || System.nanoTime() < deadline && threads < 200 * KeyBudget.CHUNK) {
                onNewThread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        budget.tryReserve();
                    }
                });
                joined.addAndGet(perThread);
                threads++;
            }
        } finally {
            running.set(false);
            reader.join();
        }
        assertEquals(0, wrong.get(), "readings outside [joined, joined + " + perThread + "]; first: "
                + firstWrong.get() + " above the joined threads' records, after " + threads + " threads");
        assertEquals(joined.get(), budget.created());
    }

    /** Two engines on one thread: each budget has its own thread-local reservations. */
    @Test
    void budgetsOfSeveralEnginesAreIndependentOnOneThread() {
        KeyBudget big = new KeyBudget(1_000_000);
        KeyBudget small = new KeyBudget(10);
        assertTrue(big.tryReserve()); // a chunk of 64 in big
        for (int i = 0; i < 10; i++) {
            assertTrue(small.tryReserve(), "small key " + i);
        }
        assertFalse(small.tryReserve());
        assertEquals(10, small.live());
        assertEquals(10, small.reserved());
        assertEquals(1, big.live());
        assertEquals(KeyBudget.CHUNK, big.reserved());
    }

    /**
     * The cap is never exceeded while threads reserve, lose races (unreserve) and the evictor
     * releases; quiescent, live() is exact and the unused reservations are within 64 per thread.
     */
    @Test
    @Timeout(60)
    void capHoldsUnderReservesUnreservesAndReleases() throws Exception {
        for (long max : new long[] {5_000, 100_000}) {
            KeyBudget budget = new KeyBudget(max);
            AtomicLong actual = new AtomicLong(); // records "created" and not yet evicted
            AtomicLong highest = new AtomicLong();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread evictor = new Thread(() -> {
                while (running.get()) {
                    long a = actual.get();
                    if (a > 0 && actual.compareAndSet(a, a - 1)) {
                        budget.release();
                    }
                }
            });
            evictor.start();
            long deadline = System.nanoTime() + 2 * SECOND;
            RateLimiterContract.runConcurrently(4, t -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < deadline) {
                    if (budget.tryReserve()) {
                        long now = actual.incrementAndGet();
                        highest.accumulateAndGet(now, Math::max);
                        assertTrue(now <= max, "live " + now + " > cap " + max);
                        if (random.nextInt(5) == 0) {
                            actual.decrementAndGet();
                            budget.unreserve();
                        }
                    }
                }
            });
            running.set(false);
            evictor.join();
            assertEquals(actual.get(), budget.live(), "live count exact when quiescent");
            long unused = budget.reserved() - budget.live();
            assertTrue(unused >= 0 && unused <= 4L * KeyBudget.CHUNK, "unused reservations " + unused);
            assertTrue(highest.get() <= max);
        }
    }

    /** End to end: 4 threads contest the same new keys at a cap of 5000; nothing beyond the cap, nothing twice. */
    @Test
    @Timeout(60)
    void engineAdmitsAtMostTheCapAndEachKeyOnce() throws Exception {
        ManualClock clock = new ManualClock();
        for (boolean bst : new boolean[] {true, false}) {
            EngineConfig config = EngineConfig.defaults().withMaxKeys(5_000);
            try (AbstractEngine engine = bst ? new BstEngine(clock, config, RebuildListener.NONE)
                    : new HashEngine(clock, config, RebuildListener.NONE)) {
                int keys = 20_000;
                AtomicLongArray oks = new AtomicLongArray(keys);
                RateLimiterContract.runConcurrently(4, t -> {
                    KeyBuffer key = new KeyBuffer(16);
                    for (int i = 0; i < keys; i++) {
                        int k = (i * 7 + t * 4_999) % keys;
                        RateLimiterContract.fill(key, "capped-" + k);
                        if (engine.acquire(key, 1, HOUR) == Outcome.OK) {
                            oks.incrementAndGet(k);
                        }
                    }
                });
                long admitted = 0;
                for (int k = 0; k < keys; k++) {
                    assertTrue(oks.get(k) <= 1, "key " + k + " admitted " + oks.get(k) + " times");
                    admitted += oks.get(k);
                }
                assertEquals(admitted, engine.stats().liveKeys(), "live count exact");
                assertTrue(admitted <= 5_000, "admitted " + admitted);
                assertTrue(admitted >= 5_000 - 4 * KeyBudget.CHUNK, "admitted " + admitted);
                assertTrue(engine.budget.reserved() <= 5_000);
            }
        }
    }
}
