package argus.loadtest.engine;

import argus.engine.BstEngine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * How long one {@link BstEngine#forceRebuild()} takes at {@code keys} live keys, none expired:
 * the steady-state rebuild (seal an empty annex, visit every record for expiry, publish). The
 * time is the rebuild thread's plus the hand-off to it and back.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.MIN_HEAP, ForkJvm.MAX_HEAP, ForkJvm.COLLECTOR})
public class RebuildBenchmark {

    @Param({"1000000"})
    public int keys;

    private BstEngine engine;

    @Setup
    public void load() {
        engine = LimiterKind.bstEngine();
        new KeyTable(keys, ExistingKeyBenchmark.SEED).loadInto(LimiterKind.bstLimiter(engine));
        System.gc();
    }

    @TearDown
    public void close() {
        engine.close();
    }

    @Benchmark
    public void forceRebuild() {
        engine.forceRebuild();
    }
}
