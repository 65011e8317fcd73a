package argus.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A token- or leaky-bucket record: the state is the bucket's TAT ({@link Bucket}). Forgettable
 * once the bucket is full again ({@code tat <= now}), the state a new record starts in.
 */
final class GcraRecord extends KeyRecord {

    static final long DEAD = Long.MIN_VALUE;
    private static final VarHandle TAT;

    static {
        try {
            TAT = MethodHandles.lookup().findVarHandle(GcraRecord.class, "tat", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** 0 is below every clock reading: a full bucket. */
    private static final long FRESH = 0;

    @SuppressWarnings("unused") // accessed through TAT
    private volatile long tat; // FRESH by default

    GcraRecord(KeyBuffer key, long hash) {
        super(key, hash);
    }

    long tat() {
        return (long) TAT.getVolatile(this); // pairs with the CAS below: see the latest TAT
    }

    @Override
    Outcome take(Algorithm algorithm, long now, long wallOffset, long capacity, long intervalNanos, long hits,
                 Verdict verdict) {
        boolean burst = algorithm != Algorithm.LEAKY_BUCKET; // the key's tag fixes its algorithm
        while (true) {
            long current = tat();
            if (current == DEAD) {
                return null;
            }
            if (hits == 0) {
                return report(current, now, burst, capacity, intervalNanos, verdict);
            }
            long next = Bucket.take(current, now, burst, capacity, intervalNanos, hits);
            if (next == Bucket.REJECTED) {
                if (verdict != null) {
                    Bucket.describe(verdict, Outcome.LIMITED, current, now, burst, capacity, intervalNanos, hits);
                }
                return Outcome.LIMITED;
            }
            if (TAT.compareAndSet(this, current, next)) { // full fence: the one linearisation point
                if (verdict != null) {
                    Bucket.describe(verdict, Outcome.OK, next, now, burst, capacity, intervalNanos, hits);
                }
                return Outcome.OK;
            }
        }
    }

    private static Outcome report(long current, long now, boolean burst, long capacity, long intervalNanos,
                                  Verdict verdict) {
        boolean one = Bucket.take(current, now, burst, capacity, intervalNanos, 1) != Bucket.REJECTED;
        Outcome outcome = one ? Outcome.OK : Outcome.LIMITED;
        if (verdict != null) {
            Bucket.describe(verdict, outcome, current, now, burst, capacity, intervalNanos, 1);
        }
        return outcome;
    }

    @Override
    boolean killIfForgettable(long now) {
        long current = tat();
        return current != DEAD && current <= now && TAT.compareAndSet(this, current, DEAD);
    }

    @Override
    boolean isFresh() {
        return tat() == FRESH;
    }

    @Override
    boolean isDead() {
        return tat() == DEAD;
    }
}
