package argus.loadtest.engine;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Process CPU time per operation ({@code -prof argus.loadtest.engine.CpuPerOpProfiler}): every
 * thread of the fork counts, the benchmark's, the engine's background thread, GC and JIT. On a
 * shared machine, throughput follows whatever CPU share the other tenants leave; CPU per operation
 * moves much less with them, so it is the steadier number for an A/B comparison (read beside the
 * throughput, never instead of it).
 *
 * <p>The window is the iteration, or, when the benchmark marks it ({@link #markStart},
 * {@link #markStop} in its per-iteration setup and teardown), just the measured part: a
 * benchmark that reloads its keys every iteration would otherwise charge the load to the
 * operations.
 */
public final class CpuPerOpProfiler implements InternalProfiler {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final long UNMARKED = -1;

    private static volatile long markedStart = UNMARKED;
    private static volatile long markedStop = UNMARKED;

    private long begin;

    /** Called at the end of an iteration's setup: the measured part starts now. */
    static void markStart() {
        markedStart = OS.getProcessCpuTime();
    }

    /** Called at the start of an iteration's teardown: the measured part is over. */
    static void markStop() {
        markedStop = OS.getProcessCpuTime();
    }

    @Override
    public String getDescription() {
        return "process CPU time per operation, all threads";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        markedStart = UNMARKED;
        markedStop = UNMARKED;
        begin = OS.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        long end = OS.getProcessCpuTime();
        long from = markedStart != UNMARKED ? markedStart : begin;
        long to = markedStop != UNMARKED ? markedStop : end;
        long ops = Math.max(1, result.getMetadata().getMeasuredOps());
        return List.of(new ScalarResult("cpu.time.per.op", (double) (to - from) / ops, "ns/op", AggregationPolicy.AVG));
    }
}
