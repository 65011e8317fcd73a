package argus.loadtest.engine;

import argus.engine.Outcome;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Acquire on keys that are already live (DESIGN.md §4): the request path of a busy service. Every
 * hit is admitted and moves the key's TAT, so each operation is a lookup plus a CAS on shared
 * state. The goal for both engines is 0 B/op under {@code -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.MIN_HEAP, ForkJvm.MAX_HEAP, ForkJvm.COLLECTOR})
public class ExistingKeyBenchmark {

    static final long SEED = 0x5EED_A265L;

    @Param
    public LimiterKind limiter;

    @Param({"1000", "100000", "1000000"})
    public int keys;

    @Param
    public KeyChoice choice;

    private KeyTable table;
    private int[] indices;
    private Limiter subject;

    @Setup(Level.Trial)
    public void load() {
        table = new KeyTable(keys, SEED);
        indices = choice.indices(keys, SEED + 1);
        subject = limiter.create();
        table.loadInto(subject);
        System.gc(); // the loading garbage is not the measured code's to collect
    }

    @TearDown(Level.Trial)
    public void close() {
        subject.close();
    }

    @Benchmark
    public Outcome acquire(ExistingKeyCursor cursor) {
        return subject.acquire(cursor.next(table, indices));
    }
}
