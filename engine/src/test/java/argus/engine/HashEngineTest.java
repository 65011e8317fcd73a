package argus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
        ManualClock clock = new ManualClock();
        try (HashEngine engine = new HashEngine(clock, new EngineConfig(10_000_000, 3_600_000, SwapPolicy.defaults()),
                RebuildListener.NONE)) {
            int keys = 200_000;
            for (int i = 0; i < keys; i++) {
                assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of("grow-" + i), 1, SECOND), "key " + i);
            }
            for (int i = 0; i < keys; i++) {
                assertEquals(Outcome.LIMITED, engine.acquire(KeyBuffer.of("grow-" + i), 1, SECOND), "key " + i);
            }
            assertEquals(keys, engine.stats().liveKeys());
        }
    }

    /**
     * An insert into a table that grows wakes the maintenance thread, which copies it at once: with
     * a tick of an hour, the copy (the current table's capacity changing) cannot come from the tick.
     */
    @Test
    void shouldCopyAGrowingTableWithoutWaitingForTheTick() throws InterruptedException {
        ManualClock clock = new ManualClock();
        try (HashEngine engine = new HashEngine(clock, new EngineConfig(10_000_000, 3_600_000, SwapPolicy.defaults()),
                RebuildListener.NONE)) {
            int first = engine.capacity();
            int keys = 20_000;
            for (int i = 0; i < keys; i++) {
                assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of("wake-" + i), 1, SECOND), "key " + i);
            }
            long deadline = System.nanoTime() + 10 * SECOND;
            while (engine.capacity() == first && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertTrue(engine.capacity() > first, "the table was copied into a bigger one: " + engine.capacity()
                    + " slots, " + first + " at the start");
            for (int i = 0; i < keys; i++) {
                assertEquals(Outcome.LIMITED, engine.acquire(KeyBuffer.of("wake-" + i), 1, SECOND), "key " + i);
            }
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
        try (HashEngine engine = new HashEngine(clock, new EngineConfig(10_000_000, 3_600_000, SwapPolicy.defaults()),
                RebuildListener.NONE)) {
            int expired = 100;
            for (int i = 0; i < expired; i++) {
                assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of("old-" + i), 1, SECOND));
            }
            clock.advance(2 * SECOND);
            int fresh = 20_000;
            for (int i = 0; i < fresh; i++) {
                assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of("new-" + i), 1, 3600 * SECOND), "key " + i);
            }
            long deadline = System.nanoTime() + 10 * SECOND;
            while (engine.stats().evicted() < expired && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            // At least: a record the copy meets between its insert and its first take is fresh, so
            // forgettable; it is dropped too (and counted), and its request starts over with a new one.
            assertTrue(engine.stats().evicted() >= expired, "every expired key evicted by the growth copies: "
                    + engine.stats().evicted());
            assertEquals(fresh, engine.stats().liveKeys());
            for (int i = 0; i < fresh; i++) {
                assertEquals(Outcome.LIMITED, engine.acquire(KeyBuffer.of("new-" + i), 1, 3600 * SECOND), "key " + i);
            }
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
            assertTrue(engine.capacity() >= 2 * keys, "the table grew: " + engine.capacity());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
