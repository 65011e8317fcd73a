package argus.loadtest.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * Heap per live key (DESIGN.md §4; target at most 128 B for 20-byte keys): used heap after full
 * GCs, before and after loading {@code keys} random 20-letter keys, in a JVM of its own.
 *
 * <p>Usage: {@code HeapPerKey KIND [KEYS]} with KIND one of {@link LimiterKind}; prints one line,
 * {@code KIND KEYS BYTES_PER_KEY}, for {@code scripts/engine-bench} to read. The key table used
 * for loading is garbage by the second reading, so only the limiter's own copies count.
 */
public final class HeapPerKey {

    private static final int SETTLE_ROUNDS = 4;

    private HeapPerKey() {
    }

    public static void main(String[] args) throws InterruptedException {
        LimiterKind kind = LimiterKind.valueOf(args[0]);
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        try (Limiter limiter = kind.create()) {
            long before = usedAfterFullGc();
            new KeyTable(keys, ExistingKeyBenchmark.SEED).loadInto(limiter);
            long after = usedAfterFullGc();
            System.out.printf(Locale.ROOT, "%s %d %.1f%n", kind, keys, (double) (after - before) / keys);
        }
    }

    /** Several collections, with pauses for reference processing, until the reading is stable. */
    private static long usedAfterFullGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < SETTLE_ROUNDS; i++) {
            memory.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
