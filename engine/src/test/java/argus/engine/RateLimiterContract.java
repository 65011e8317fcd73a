package argus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every engine owes its callers; each engine's test class extends this.
 */
abstract class RateLimiterContract {

    static final long SECOND = 1_000_000_000L;
    static final long HOUR = 3600 * SECOND;

    final ManualClock clock = new ManualClock();
    private final List<RateLimiter> opened = new ArrayList<>();

    abstract RateLimiter create(Clock clock, EngineConfig config);

    /** Evicts what has expired, on the engine's own background thread, and waits for it. */
    abstract void evictNow(RateLimiter limiter);

    RateLimiter open(EngineConfig config) {
        RateLimiter limiter = create(clock, config);
        opened.add(limiter);
        return limiter;
    }

    RateLimiter open() {
        return open(EngineConfig.defaults());
    }

    @AfterEach
    void closeAll() {
        opened.forEach(RateLimiter::close);
    }

    @Test
    void shouldAdmitExactlyCapacityThenLimit() {
        RateLimiter limiter = open();
        KeyBuffer key = KeyBuffer.of("user-1");
        for (int i = 0; i < 5; i++) {
            assertEquals(Outcome.OK, limiter.acquire(key, 5, SECOND));
        }
        assertEquals(Outcome.LIMITED, limiter.acquire(key, 5, SECOND));
    }

    @Test
    void shouldKeepKeysApart() {
        RateLimiter limiter = open();
        assertEquals(Outcome.OK, limiter.acquire(KeyBuffer.of("a"), 1, SECOND));
        assertEquals(Outcome.OK, limiter.acquire(KeyBuffer.of("b"), 1, SECOND));
        assertEquals(Outcome.LIMITED, limiter.acquire(KeyBuffer.of("a"), 1, SECOND));
        assertEquals(Outcome.OK, limiter.acquire(KeyBuffer.of("ab"), 1, SECOND));
    }

    @Test
    void shouldRefillWithTime() {
        RateLimiter limiter = open();
        KeyBuffer key = KeyBuffer.of("refill");
        assertEquals(Outcome.OK, limiter.acquire(key, 2, SECOND));
        assertEquals(Outcome.OK, limiter.acquire(key, 2, SECOND));
        assertEquals(Outcome.LIMITED, limiter.acquire(key, 2, SECOND));
        clock.advance(SECOND / 2);
        assertEquals(Outcome.OK, limiter.acquire(key, 2, SECOND));
        assertEquals(Outcome.LIMITED, limiter.acquire(key, 2, SECOND));
    }

    @Test
    void shouldForgetExpiredKeysWithoutGivingExtraTokens() {
        RateLimiter limiter = open();
        KeyBuffer key = KeyBuffer.of("expiring");
        assertEquals(Outcome.OK, limiter.acquire(key, 1, SECOND));
        evictNow(limiter);
        assertEquals(1, limiter.stats().liveKeys(), "not expired yet: kept");
        assertEquals(Outcome.LIMITED, limiter.acquire(key, 1, SECOND));
        clock.advance(SECOND);
        evictNow(limiter);
        assertEquals(0, limiter.stats().liveKeys());
        assertEquals(Outcome.OK, limiter.acquire(key, 1, SECOND));
        assertEquals(Outcome.LIMITED, limiter.acquire(key, 1, SECOND));
    }

    @Test
    void shouldKeepStateOfUntouchedKeysAcrossRebuilds() {
        RateLimiter limiter = open();
        for (int i = 0; i < 1000; i++) {
            assertEquals(Outcome.OK, limiter.acquire(KeyBuffer.of("k" + i), 1, HOUR));
        }
        for (int round = 0; round < 3; round++) {
            evictNow(limiter);
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals(Outcome.LIMITED, limiter.acquire(KeyBuffer.of("k" + i), 1, HOUR), "k" + i);
        }
        assertEquals(1000, limiter.stats().liveKeys());
    }

    @Test
    void shouldRefuseNewKeysAtTheCapButServeExistingOnes() {
        RateLimiter limiter = open(EngineConfig.defaults().withMaxKeys(10));
        for (int i = 0; i < 10; i++) {
            assertEquals(Outcome.OK, limiter.acquire(KeyBuffer.of("k" + i), 2, HOUR));
        }
        assertEquals(Outcome.FULL, limiter.acquire(KeyBuffer.of("new"), 2, HOUR));
        assertEquals(Outcome.OK, limiter.acquire(KeyBuffer.of("k3"), 2, HOUR));
        assertEquals(Outcome.LIMITED, limiter.acquire(KeyBuffer.of("k3"), 2, HOUR));
        clock.advance(HOUR);
        evictNow(limiter);
        assertEquals(Outcome.OK, limiter.acquire(KeyBuffer.of("new"), 2, HOUR));
    }

    @Test
    @Timeout(60)
    void shouldCreateOneBucketPerKeyUnderConcurrentFirstRequests() throws Exception {
        RateLimiter limiter = open();
        int threads = 8;
        int keys = 2_000;
        AtomicLongArray oks = new AtomicLongArray(keys);
        runConcurrently(threads, t -> {
            KeyBuffer key = new KeyBuffer(16);
            for (int i = 0; i < keys; i++) {
                int k = (i * 7 + t * 13) % keys;
                fill(key, "overlap-" + k);
                if (limiter.acquire(key, 1, HOUR) == Outcome.OK) {
                    oks.incrementAndGet(k);
                }
            }
        });
        for (int k = 0; k < keys; k++) {
            assertEquals(1, oks.get(k), "key " + k);
        }
        assertEquals(keys, limiter.stats().liveKeys());
    }

    /**
     * I1 and I2 under fire: 8 threads hammer a few keys while the background thread rebuilds,
     * swaps and evicts continuously. Refill is frozen within a phase, so the OKs per key per
     * phase must equal the capacity exactly; between phases the clock jumps a whole interval,
     * making every bucket full and every record evictable.
     */
    @Test
    @Timeout(120)
    void shouldAdmitExactlyCapacityWhileRebuildsAndEvictionsRun() throws Exception {
        RateLimiter limiter = open();
        int threads = 8;
        int keys = 4;
        long capacity = 5_000;
        for (int phase = 0; phase < 4; phase++) {
            AtomicLongArray oks = new AtomicLongArray(keys);
            AtomicBoolean hammering = new AtomicBoolean(true);
            Thread churn = new Thread(() -> {
                while (hammering.get()) {
                    evictNow(limiter);
                }
            }, "test-churn");
            churn.start();
            runConcurrently(threads, t -> {
                KeyBuffer key = new KeyBuffer(16);
                int limitedInARow = 0;
                for (long i = 0; limitedInARow < 1000; i++) {
                    int k = (int) ((i + t) % keys);
                    fill(key, "hot-" + k);
                    if (limiter.acquire(key, capacity, HOUR) == Outcome.OK) {
                        oks.incrementAndGet(k);
                        limitedInARow = 0;
                    } else {
                        limitedInARow++;
                    }
                }
            });
            hammering.set(false);
            churn.join();
            for (int k = 0; k < keys; k++) {
                assertEquals(capacity, oks.get(k), "phase " + phase + " key " + k);
            }
            clock.advance(HOUR);
        }
        assertTrue(limiter.stats().rebuilds() > 0);
    }

    static void fill(KeyBuffer key, String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, key.array(bytes.length), 0, bytes.length);
        key.setLength(bytes.length);
    }

    interface Worker {
        void run(int thread) throws Exception;
    }

    static void runConcurrently(int threads, Worker worker) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    worker.run(id);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "test-worker-" + t);
            thread.start();
            started.add(thread);
        }
        start.countDown();
        for (Thread thread : started) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("worker failed", failures.get(0));
        }
    }
}
