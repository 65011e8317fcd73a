package argus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * I5 under a flood: 5 million distinct keys against a cap of 50,000. The engine must refuse
 * what exceeds the cap, keep serving the keys it holds, and keep the heap within the cap's
 * budget, however long the flood.
 */
class KeyFloodTest {

    private static final int CAP = 50_000;
    private static final int FLOOD = 5_000_000;
    private static final long HOUR = 3_600_000_000_000L;
    /** Generous per-key budget (measured: about 120 B); the point is that it does not grow with the flood. */
    private static final long BYTES_PER_KEY = 400;

    @ParameterizedTest
    @ValueSource(strings = {"bst", "hash"})
    @Timeout(120)
    void shouldStayWithinTheCapsBudgetUnderAFloodOfNewKeys(String kind) throws Exception {
        ManualClock clock = new ManualClock();
        EngineConfig config = EngineConfig.defaults().withMaxKeys(CAP);
        long heapBefore = heapAfterGc();
        try (RateLimiter engine = kind.equals("bst")
                ? new BstEngine(clock, config, RebuildListener.NONE)
                : new HashEngine(clock, config, RebuildListener.NONE)) {
            AtomicLong ok = new AtomicLong();
            AtomicLong full = new AtomicLong();
            RateLimiterContract.runConcurrently(2, t -> {
                KeyBuffer key = new KeyBuffer(32);
                for (int i = t; i < FLOOD; i += 2) {
                    RateLimiterContract.fill(key, "flood-" + i);
                    Outcome outcome = engine.acquire(key, 10, HOUR);
                    (outcome == Outcome.OK ? ok : full).incrementAndGet();
                }
            });
            assertEquals(CAP, ok.get(), "exactly the cap was admitted");
            assertEquals(FLOOD - CAP, full.get());
            assertEquals(CAP, engine.stats().liveKeys());
            assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of("flood-0"), 10, HOUR), "a held key keeps working");
            long grown = heapAfterGc() - heapBefore;
            assertTrue(grown < CAP * BYTES_PER_KEY, "heap grew by " + grown + " bytes for " + CAP + " keys");
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(30);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
