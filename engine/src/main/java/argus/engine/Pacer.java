package argus.engine;

import java.util.concurrent.locks.LockSupport;

/**
 * Keeps a background scan to a duty cycle: after every chunk of records it sleeps in proportion
 * to the time the chunk took, so the scan uses at most {@code duty} of its thread's time. A
 * rebuild walks every record; run back to back on a small machine it competed with the request
 * threads for memory bandwidth and cache (measured: -30 % acquire throughput at 1 M keys while
 * rebuilds ran continuously). Paced, a rebuild takes longer and costs requests much less; small
 * trees (one chunk) are never paced.
 */
final class Pacer {

    private static final int CHUNK = 8192;

    private final double restPerWork;
    private int count;
    private long chunkStart = System.nanoTime();

    Pacer(double duty) {
        if (duty <= 0 || duty > 1) {
            throw new IllegalArgumentException("duty must be in (0, 1], got " + duty);
        }
        this.restPerWork = (1 - duty) / duty;
    }

    /** Whether the scan rests at all (a duty below 1). */
    boolean paced() {
        return restPerWork > 0;
    }

    /** Counts one record; at the end of a chunk, rests. */
    void step() {
        if (++count % CHUNK != 0 || restPerWork == 0) {
            return;
        }
        long worked = System.nanoTime() - chunkStart;
        LockSupport.parkNanos((long) (worked * restPerWork));
        chunkStart = System.nanoTime();
    }
}
