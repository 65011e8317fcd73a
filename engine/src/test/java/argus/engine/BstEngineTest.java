package argus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BstEngineTest extends RateLimiterContract {

    @Override
    RateLimiter create(Clock clock, EngineConfig config) {
        return new BstEngine(clock, config, RebuildListener.NONE);
    }

    @Override
    void evictNow(RateLimiter limiter) {
        ((BstEngine) limiter).forceRebuild();
    }

    @Test
    void shouldBalanceSequentialKeysAfterARebuild() {
        BstEngine engine = (BstEngine) open();
        int keys = 50_000;
        for (int i = 0; i < keys; i++) {
            engine.acquire(KeyBuffer.of("user-" + i), 1, HOUR);
        }
        engine.forceRebuild();
        double bound = 1.45 * Math.log(keys + 2) / Math.log(2);
        assertTrue(engine.frozenHeight() <= bound, "height " + engine.frozenHeight() + " > " + bound);
        assertEquals(keys, engine.stats().liveKeys());
    }

    @Test
    void shouldKeepEveryKeyWhetherARebuildCopiesPathsOrBuildsAnew() {
        BstEngine engine = (BstEngine) open();
        for (int i = 0; i < 5_000; i++) {
            assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of("bulk-" + i), 1, HOUR));
        }
        engine.forceRebuild(); // 5000 changes on an empty tree: built anew
        for (int i = 0; i < 10; i++) {
            assertEquals(Outcome.OK, engine.acquire(KeyBuffer.of("few-" + i), 1, HOUR));
        }
        engine.forceRebuild(); // 10 changes on 5000 keys: path-copying inserts
        for (int i = 0; i < 5_000; i++) {
            assertEquals(Outcome.LIMITED, engine.acquire(KeyBuffer.of("bulk-" + i), 1, HOUR), "bulk-" + i);
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(Outcome.LIMITED, engine.acquire(KeyBuffer.of("few-" + i), 1, HOUR), "few-" + i);
        }
        assertEquals(5_010, engine.stats().liveKeys());
        assertTrue(engine.frozenHeight() <= 1.45 * Math.log(5_012) / Math.log(2));
    }

    @Test
    void shouldRebuildOnItsOwnWhenKeysPileUp() throws InterruptedException {
        SwapPolicy eager = new SwapPolicy(2.0, 100, 0.5, 0.9, 60_000, 0);
        BstEngine engine = (BstEngine) open(new EngineConfig(1_000_000, 1, eager));
        for (int i = 0; i < 1_000; i++) {
            engine.acquire(KeyBuffer.of("pile-" + i), 1, HOUR);
        }
        long deadline = System.nanoTime() + 10 * SECOND;
        while (engine.stats().rebuilds() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(SwapPolicy.Reason.ANNEX, engine.stats().lastReason());
    }
}
