package argus.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The background thread's first tick comes after the engine is fully constructed: an engine whose
 * own fields take longer to initialise than a tick interval still never has {@code due} called on
 * a half-built object. Before, the base class scheduled the ticks in its constructor, ahead of the
 * subclass's field initialisers, and this test failed every time.
 */
class AbstractEngineStartTest {

    /** An engine whose field initialiser is slow (50 ticks long) and whose {@code due} needs that field. */
    private static final class SlowToBuild extends AbstractEngine {
        private final Object policyState = slowly(new Object());
        volatile int ticks;

        SlowToBuild(EngineConfig config, RebuildListener listener) {
            super(() -> 0L, config, listener, "test-maintenance");
            startMaintenance();
        }

        private static Object slowly(Object value) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return value;
        }

        @Override
        KeyRecord find(long hash, KeyBuffer key) {
            return null;
        }

        @Override
        KeyRecord store(long hash, KeyBuffer key, KeyRecord fresh) {
            return fresh;
        }

        @Override
        SwapPolicy.Reason due(long sinceMillis) {
            policyState.hashCode(); // a NullPointerException on a half-built engine
            ticks++;
            return null;
        }

        @Override
        long maintain(SwapPolicy.Reason reason) {
            return 0;
        }
    }

    @Test
    @Timeout(10)
    void shouldTickOnlyOnceTheEngineIsBuilt() throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        RebuildListener listener = new RebuildListener() {
            @Override
            public void rebuilt(SwapPolicy.Reason reason, long durationNanos, long keys, long evicted) {
            }

            @Override
            public void failed(Throwable error) {
                failures.add(error);
            }
        };
        EngineConfig config = new EngineConfig(100, 1, SwapPolicy.defaults());
        try (SlowToBuild engine = new SlowToBuild(config, listener)) {
            long until = System.nanoTime() + 2_000_000_000L;
            while (engine.ticks < 5 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertTrue(engine.ticks >= 5, "the ticks run once started");
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " ticks failed, the first with " + failures.get(0));
    }
}
