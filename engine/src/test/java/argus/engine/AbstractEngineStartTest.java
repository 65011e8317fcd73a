package argus.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    /** Each real engine starts its ticks itself: with a key present and a 1 ms age limit, maintenance runs. */
    @ParameterizedTest
    @ValueSource(strings = {"bst", "hash"})
    @Timeout(10)
    void shouldStartTheRealEnginesTicks(String kind) throws Exception {
        EngineConfig config = new EngineConfig(100, 1, new SwapPolicy(2.0, 1, 0.5, 0.9, 1, 0));
        BiFunction<Clock, EngineConfig, AbstractEngine> make = kind.equals("bst")
                ? (clock, c) -> new BstEngine(clock, c, RebuildListener.NONE)
                : (clock, c) -> new HashEngine(clock, c, RebuildListener.NONE);
        try (AbstractEngine engine = make.apply(Clock.system(), config)) {
            engine.acquire(KeyBuffer.of("k"), 1, 1_000_000_000L);
            long until = System.nanoTime() + 5_000_000_000L;
            while (engine.stats().rebuilds() == 0 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertTrue(engine.stats().rebuilds() > 0, kind + ": no maintenance ran");
        }
    }
}
