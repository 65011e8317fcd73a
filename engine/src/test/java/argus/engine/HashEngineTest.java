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
     * With no maintenance at all, inserts outgrow the first table many times over: crowded inserts
     * make the successor themselves, never wait, never lose or duplicate a key.
     */
    @Test
    void shouldGrowWithoutTheMaintenanceThread() {
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
