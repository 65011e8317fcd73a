package argus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * I1/I2 under rebuilds back to back with tiny annexes (deep bucket trees, so walks stall in old
 * annexes and meet retired links): 4 threads, hot keys (capacity 64) and 1500 cold keys
 * (capacity 1) that all expire between phases and come back in the next one while the previous
 * phase's records are being evicted. Time stands still within a phase, so the OKs per key per
 * phase must be exactly the budget; after each phase, with the churn stopped, the structure holds
 * one live record per key and the live count is exact.
 */
class BstAnnexRetireStressTest {

    static final long SECOND = 1_000_000_000L;

    final ManualClock clock = new ManualClock();
    final List<BstEngine> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(BstEngine::close);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    @Timeout(60)
    void exactBudgetPerKeyPerPhaseWhileRebuildsRetireAnnexes(Algorithm algorithm) throws Exception {
        BstEngine engine = new BstEngine(clock, BstAnnexRetireTest.TINY, RebuildListener.NONE);
        opened.add(engine);
        int threads = 4;
        int hot = 8;
        int cold = 1_500;
        long capacity = 64;
        long expectedHot = algorithm == Algorithm.LEAKY_BUCKET ? 1 : capacity;
        List<String> names = new ArrayList<>();
        for (int k = 0; k < hot; k++) {
            names.add(tagged("hot-" + k, algorithm));
        }
        for (int k = 0; k < cold; k++) {
            names.add(tagged("cold-" + k, algorithm));
        }
        long deadline = System.nanoTime() + 5 * SECOND; // per algorithm; phases stop early on a slow machine
        int phases = 0;
        for (int phase = 0; phase < 400 && (phase < 3 || System.nanoTime() < deadline); phase++, phases++) {
            AtomicLongArray hotOks = new AtomicLongArray(hot);
            AtomicLongArray coldOks = new AtomicLongArray(cold);
            AtomicBoolean running = new AtomicBoolean(true);
            Thread churn = new Thread(() -> {
                while (running.get()) {
                    engine.forceRebuild();
                }
            }, "test-churn");
            churn.start();
            int p = phase;
            try {
                RateLimiterContract.runConcurrently(threads, t -> {
                    KeyBuffer key = new KeyBuffer(16);
                    int limitedInARow = 0;
                    for (int i = 0; i < cold || limitedInARow < 500; i++) {
                        if (i < cold) {
                            int k = (i * 7 + t * 379 + p * 11) % cold;
                            RateLimiterContract.fill(key, "cold-" + k);
                            if (engine.acquire(key, algorithm, 1, SECOND, 1, null) == Outcome.OK) {
                                coldOks.incrementAndGet(k);
                            }
                        }
                        int h = (i + t) % hot;
                        RateLimiterContract.fill(key, "hot-" + h);
                        if (engine.acquire(key, algorithm, capacity, SECOND, 1, null) == Outcome.OK) {
                            hotOks.incrementAndGet(h);
                            limitedInARow = 0;
                        } else {
                            limitedInARow++;
                        }
                    }
                });
            } finally {
                running.set(false);
                churn.join();
            }
            for (int k = 0; k < hot; k++) {
                assertEquals(expectedHot, hotOks.get(k), algorithm + " phase " + phase + " hot-" + k);
            }
            for (int k = 0; k < cold; k++) {
                assertEquals(1, coldOks.get(k), algorithm + " phase " + phase + " cold-" + k);
            }
            BstAnnexRetireTest.checkStructure(engine, names, algorithm + " after phase " + phase);
            assertEquals(hot + cold, engine.stats().liveKeys());
            clock.advance(2 * SECOND); // every record forgettable: evicted while the next phase runs
        }
        assertTrue(engine.stats().rebuilds() > phases, "rebuilds ran during the phases");
    }

    /** The stored key bytes of {@code name} under {@code algorithm} (see KeyBuffer#tag). */
    private static String tagged(String name, Algorithm algorithm) {
        KeyBuffer key = KeyBuffer.of(name);
        key.tag(algorithm);
        return new String(key.copy(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
