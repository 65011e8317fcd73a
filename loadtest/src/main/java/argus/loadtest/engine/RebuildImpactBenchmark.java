package argus.loadtest.engine;

import argus.engine.BstEngine;
import argus.engine.Outcome;
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
 * What a rebuild costs the requests served meanwhile: one thread acquires existing keys of the
 * BST engine while, with {@code rebuilding}, rebuilds run back to back on the engine's own
 * rebuild thread (a driver thread keeps asking for the next one and waits). On two cores the
 * acquiring thread and the rebuild thread each have one; the score with rebuilds over the score
 * without is the share of throughput a rebuild leaves (target: above 0.9).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.MIN_HEAP, ForkJvm.MAX_HEAP, ForkJvm.COLLECTOR})
public class RebuildImpactBenchmark {

    @Param({"1000000"})
    public int keys;

    @Param({"false", "true"})
    public boolean rebuilding;

    private KeyTable table;
    private int[] indices;
    private BstEngine engine;
    private Limiter limiter;
    private Thread driver;
    private volatile boolean stopping; // read by the driver between rebuilds

    @Setup
    public void load() {
        table = new KeyTable(keys, ExistingKeyBenchmark.SEED);
        indices = KeyChoice.UNIFORM.indices(keys, ExistingKeyBenchmark.SEED + 1);
        engine = LimiterKind.bstEngine();
        limiter = LimiterKind.bstLimiter(engine);
        table.loadInto(limiter);
        System.gc();
        if (rebuilding) {
            driver = new Thread(this::rebuildUntilStopped, "rebuild-driver");
            driver.start();
        }
    }

    private void rebuildUntilStopped() {
        while (!stopping) {
            engine.forceRebuild();
        }
    }

    @TearDown
    public void close() throws InterruptedException {
        if (driver != null) {
            stopping = true;
            driver.join();
        }
        engine.close();
    }

    @Benchmark
    public Outcome acquire(ExistingKeyCursor cursor) {
        return limiter.acquire(cursor.next(table, indices));
    }
}
