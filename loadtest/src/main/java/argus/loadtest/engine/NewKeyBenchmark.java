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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Acquire on keys never seen before: the cost of creating a key's record and inserting it, with
 * {@code keys} live keys loaded at the start of every iteration. The structure grows during the
 * iteration by the number of operations measured (the score times the iteration time), so
 * {@code keys} is the size an iteration starts from; a fresh, reloaded limiter per iteration
 * keeps the iterations alike. For the BST the inserts land in the annex, and the rebuilds the
 * swap policy runs meanwhile are part of the cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.MIN_HEAP, ForkJvm.MAX_HEAP, ForkJvm.COLLECTOR})
public class NewKeyBenchmark {

    @Param
    public LimiterKind limiter;

    @Param({"1000", "100000", "1000000"})
    public int keys;

    private KeyTable table;
    private Limiter subject;

    /** One thread's source of new keys, disjoint from the other threads' and from the table's. */
    @State(Scope.Thread)
    public static class Source {
        private final ProbePair probes = new ProbePair();
        NewKeySource keys;
        /** Made once: a method reference per call would be garbage per operation. */
        private final ProbePair.KeyWriter writer = probe -> keys.nextInto(probe);

        @Setup
        public void start(ThreadParams thread) {
            keys = new NewKeySource(thread.getThreadIndex(), thread.getThreadCount());
        }

        /** The probe holding this operation's key, written one operation ago (see {@link ProbePair}). */
        KeyProbe next() {
            return probes.next(writer);
        }
    }

    @Setup(Level.Trial)
    public void createTable() {
        table = new KeyTable(keys, ExistingKeyBenchmark.SEED);
    }

    @Setup(Level.Iteration)
    public void load() {
        subject = limiter.create();
        table.loadInto(subject);
        System.gc(); // the last iteration's limiter and the loading garbage
        CpuPerOpProfiler.markStart();
    }

    @TearDown(Level.Iteration)
    public void close() {
        CpuPerOpProfiler.markStop();
        subject.close();
        subject = null;
    }

    @Benchmark
    public Outcome acquire(Source source) {
        return subject.acquire(source.next());
    }
}
