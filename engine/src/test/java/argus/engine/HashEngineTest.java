package argus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class HashEngineTest extends RateLimiterContract {

    private static final long SECOND = 1_000_000_000L;

    @Override
    RateLimiter create(Clock clock, EngineConfig config) {
        return new HashEngine(clock, config, RebuildListener.NONE);
    }

    @Override
    void evictNow(RateLimiter limiter) {
        ((HashEngine) limiter).forceSweep();
    }

    /**
     * With no scheduled maintenance (a tick of an hour), inserts outgrow the first table many times
     * over: crowded inserts make the successor themselves, never wait, never lose or duplicate a key.
     */
    @Test
    void shouldGrowWithoutTheMaintenanceTick() {
        try (HashEngine engine = hourTickEngine(new ManualClock())) {
            int keys = 200_000;
            acquireEach(engine, "grow-", keys, SECOND, Outcome.OK);
            acquireEach(engine, "grow-", keys, SECOND, Outcome.LIMITED);
            assertEquals(keys, engine.stats().liveKeys());
        }
    }

    /**
     * An insert into a table that grows wakes the maintenance thread, which copies it at once: with
     * a tick of an hour, the copy (the current table's capacity changing) cannot come from the tick.
     */
    @Test
    void shouldCopyAGrowingTableWithoutWaitingForTheTick() throws InterruptedException {
        try (HashEngine engine = hourTickEngine(new ManualClock())) {
            int first = engine.capacity();
            int keys = 20_000;
            acquireEach(engine, "wake-", keys, SECOND, Outcome.OK);
            awaitUpToTenSeconds(() -> engine.capacity() != first);
            assertTrue(engine.capacity() > first, "the table was copied into a bigger one: " + engine.capacity()
                    + " slots, " + first + " at the start");
            acquireEach(engine, "wake-", keys, SECOND, Outcome.LIMITED);
            assertEquals(keys, engine.stats().liveKeys());
        }
    }

    /**
     * The copy of a growing table evicts as it goes (with a tick of an hour, only growth copies
     * run): keys that expired before the growth are dropped, the keys that stay keep their state.
     */
    @Test
    void shouldEvictExpiredKeysWhileCopyingAGrowingTable() throws InterruptedException {
        ManualClock clock = new ManualClock();
        try (HashEngine engine = hourTickEngine(clock)) {
            int expired = 100;
            acquireEach(engine, "old-", expired, SECOND, Outcome.OK);
            clock.advance(2 * SECOND);
            int fresh = 20_000;
            acquireEach(engine, "new-", fresh, 3600 * SECOND, Outcome.OK);
            awaitUpToTenSeconds(() -> engine.stats().evicted() >= expired);
            // At least: a record the copy meets between its insert and its first take is fresh, so
            // forgettable; it is dropped too (and counted), and its request starts over with a new one.
            assertTrue(engine.stats().evicted() >= expired, "every expired key evicted by the growth copies: "
                    + engine.stats().evicted());
            assertEquals(fresh, engine.stats().liveKeys());
            acquireEach(engine, "new-", fresh, 3600 * SECOND, Outcome.LIMITED);
        }
    }

    /** An engine whose scheduled maintenance does not come during a test: a tick of an hour. */
    private static HashEngine hourTickEngine(Clock clock) {
        return new HashEngine(clock, new EngineConfig(10_000_000, 3_600_000, SwapPolicy.defaults()),
                RebuildListener.NONE);
    }

    /** One token from each of the keys {@code prefix + 0 .. prefix + (count - 1)}, each answered {@code expected}. */
    private static void acquireEach(HashEngine engine, String prefix, int count, long intervalNanos, Outcome expected) {
        for (int i = 0; i < count; i++) {
            assertEquals(expected, engine.acquire(KeyBuffer.of(prefix + i), 1, intervalNanos), "key " + i);
        }
    }

    /** Polls {@code condition} until it holds or 10 s have passed; the caller asserts what it needs. */
    private static void awaitUpToTenSeconds(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10 * SECOND;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    /**
     * Four threads race for the same 50 k new keys (one token each) while the table grows and is
     * copied back to back: exactly one OK per key, whatever the interleaving with the copies.
     */
    @Test
    void shouldCreateOneRecordPerKeyWhileTheTableGrowsAndIsCopied() throws Exception {
        ManualClock clock = new ManualClock();
        try (HashEngine engine = new HashEngine(clock, new EngineConfig(10_000_000, 1, SwapPolicy.defaults()),
                RebuildListener.NONE)) {
            int keys = 50_000;
            AtomicLong ok = new AtomicLong();
            AtomicBoolean done = new AtomicBoolean();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t * 7919;
                threads.add(new Thread(() -> {
                    await(start);
                    for (int i = 0; i < keys; i++) {
                        int k = (i + offset) % keys;
                        if (engine.acquire(KeyBuffer.of("race-" + k), 1, 3600 * SECOND) == Outcome.OK) {
                            ok.incrementAndGet();
                        }
                    }
                }));
            }
            Thread copier = new Thread(() -> {
                await(start);
                while (!done.get()) {
                    engine.forceSweep();
                }
            });
            threads.forEach(Thread::start);
            copier.start();
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            done.set(true);
            copier.join();
            assertEquals(keys, ok.get(), "one OK per key");
            assertEquals(keys, engine.stats().liveKeys());
            // Grown from its first 1024 slots while the threads raced. Not ">= 2 * keys": the last
            // copy, for a load of a half, may still be due (at 65536 slots, 76 % full) when they stop.
            assertTrue(engine.capacity() > keys, "the table grew: " + engine.capacity());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
    /**
     * Under a stream of new keys, expired records are reclaimed after as many new keys as the tree
     * engine's annex takes (CHURN), not only every maxAgeMillis: with only the age rule, 5 s of random
     * keys stayed reachable and overflowed every young collection.
     */
    @Test
    void shouldReclaimAfterEnoughNewKeysNotOnlyByAge() {
        ManualClock clock = new ManualClock();
        SwapPolicy policy = new SwapPolicy(2.0, 100, 0.5, 0.9, 3_600_000, 0); // age: an hour
        try (HashEngine engine = new HashEngine(clock, new EngineConfig(10_000_000, 3_600_000, policy),
                RebuildListener.NONE)) {
            for (int i = 0; i < 100; i++) {
                engine.acquire(KeyBuffer.of("churn-" + i), 1000, 60 * SECOND);
            }
            assertEquals(null, engine.due(1), "100 new keys: not yet");
            engine.acquire(KeyBuffer.of("churn-100"), 1000, 60 * SECOND);
            engine.acquire(KeyBuffer.of("churn-0"), 1000, 60 * SECOND); // an existing key does not count
            assertEquals(SwapPolicy.Reason.CHURN, engine.due(1));
            clock.advance(SECOND); // every bucket full again: all forgettable
            engine.forceSweep();
            assertEquals(0, engine.stats().liveKeys(), "the pass reclaimed them");
            assertEquals(null, engine.due(1), "the count starts again after a pass");
        }
    }
}
