package argus.loadtest.engine;

import argus.engine.Bucket;
import argus.engine.Outcome;
import java.util.concurrent.atomic.AtomicLong;

/** The baselines' bucket update: the engines' GCRA arithmetic on a per-key {@link AtomicLong} TAT. */
final class BaselineBucket {

    private BaselineBucket() {
    }

    static Outcome take(AtomicLong tat, long now, long capacity, long intervalNanos) {
        while (true) {
            long current = tat.get();
            long next = Bucket.take(current, now, capacity, intervalNanos);
            if (next == Bucket.REJECTED) {
                return Outcome.LIMITED;
            }
            if (tat.compareAndSet(current, next)) {
                return Outcome.OK;
            }
        }
    }
}
