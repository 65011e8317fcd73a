package argus.engine;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck's linearizability check of acquire (I1, I2), for both engines: threads acquire on
 * three keys, each new at the start of a scenario, while another operation forces a rebuild (or
 * sweep) on the maintenance thread; every result, the outcome with the remaining count, must be
 * one some sequential order of the same operations would give. A lost update (two OKs taking
 * the same token) or a key with two records fails it: replacing the record's CAS with a plain
 * write is caught in the first scenarios.
 *
 * <p>The clock stands still: with a moving clock, an acquire that read the time before another
 * thread's acquire on the same key can be stricter than any sequential order (never more
 * lenient, see Bucket); that is allowed and checked by the exact-count tests instead.
 */
class EngineLincheckTest {

    private static final long NOW = 1_000_000_000L;
    /** Maintenance only when the operation asks for it. */
    private static final EngineConfig CONFIG = new EngineConfig(1000, 3_600_000, SwapPolicy.defaults());

    private static String acquire(RateLimiter engine, int key) {
        Verdict verdict = new Verdict();
        Outcome outcome = engine.acquire(KeyBuffer.of("k" + key), Algorithm.TOKEN_BUCKET, 2, 1_000_000_000L, 1,
                verdict);
        return outcome + " remaining=" + verdict.remaining();
    }

    private static StressOptions options() {
        return new StressOptions().iterations(15).invocationsPerIteration(200).threads(3).actorsPerThread(3)
                .actorsBefore(1).actorsAfter(1);
    }

    @Test
    void bstEngineAcquireIsLinearizable() {
        options().check(Bst.class);
    }

    @Test
    void hashEngineAcquireIsLinearizable() {
        options().check(Hash.class);
    }

    @Param(name = "key", gen = IntGen.class, conf = "0:2")
    public static class Bst {
        private final BstEngine engine = new BstEngine(() -> NOW, CONFIG, RebuildListener.NONE);

        @Operation
        public String acquire(@Param(name = "key") int key) {
            return EngineLincheckTest.acquire(engine, key);
        }

        /** One thread at a time, as on the real rebuild thread. */
        @Operation(nonParallelGroup = "maintenance")
        public void rebuild() {
            engine.forceRebuild();
        }
    }

    @Param(name = "key", gen = IntGen.class, conf = "0:2")
    public static class Hash {
        private final HashEngine engine = new HashEngine(() -> NOW, CONFIG, RebuildListener.NONE);

        @Operation
        public String acquire(@Param(name = "key") int key) {
            return EngineLincheckTest.acquire(engine, key);
        }

        @Operation(nonParallelGroup = "maintenance")
        public void sweep() {
            engine.forceSweep();
        }
    }
}
