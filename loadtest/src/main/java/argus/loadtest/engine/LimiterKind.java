package argus.loadtest.engine;

import argus.engine.BstEngine;
import argus.engine.Clock;
import argus.engine.EngineConfig;
import argus.engine.HashEngine;
import argus.engine.RebuildListener;

/**
 * The implementations compared in one run: a JMH {@code @Param} and a {@link HeapPerKey} argument.
 *
 * <p>Each engine is followed by its baseline, and the benchmarks' parameter is named so that JMH
 * varies it fastest ({@code limiter} sorts after {@code choice} and {@code keys}): an engine and
 * its baseline run back to back on the same cell. On a shared machine a fork's speed can change
 * two-fold with what else runs there, for minutes at a time; forks a few seconds apart mostly see
 * the same conditions, forks minutes apart often do not.
 */
public enum LimiterKind {
    BST, CSLM, HASH, CHM;

    /**
     * The largest cap the engines take (268 M keys), far above anything a benchmark inserts: at
     * 90 % of the cap the engines evict (and the BST rebuilds) on every tick, which would measure
     * eviction instead of acquire.
     */
    static final long UNCAPPED = EngineConfig.MAX_MAX_KEYS;
    private static final EngineConfig CONFIG = EngineConfig.defaults().withMaxKeys(UNCAPPED);

    /** A BST engine as the other benchmarks get it, for the ones that drive its rebuilds. */
    static BstEngine bstEngine() {
        return new BstEngine(Clock.system(), CONFIG, RebuildListener.NONE);
    }

    /** {@code engine} behind the benchmark interface; settling it is a forced rebuild. */
    static Limiter bstLimiter(BstEngine engine) {
        return new EngineLimiter(engine, engine::forceRebuild);
    }

    Limiter create() {
        switch (this) {
            case BST:
                return bstLimiter(bstEngine());
            case HASH:
                return new EngineLimiter(new HashEngine(Clock.system(), CONFIG, RebuildListener.NONE), () -> { });
            case CSLM:
                return new SkipListBaseline(Clock.system());
            default:
                return new HashMapBaseline(Clock.system());
        }
    }
}
