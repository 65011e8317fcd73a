package argus.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A fixed-window counter in one {@code long}: {@code state = w * capacity + used}, where
 * {@code w} is the index of the window ({@code floor(wallNanos / interval)}, windows aligned to
 * the UTC epoch) and {@code used} the hits admitted in it. Since capacity is at most one per
 * nanosecond of interval, {@code w * capacity <= wallNanos}: the product cannot overflow.
 * A state below the current window's base means a new window ({@code used = 0}); the reading
 * needs no stored window index.
 *
 * <p>Forgettable once its window has ended. That instant depends on the parameters, so it is
 * kept beside the state in {@link #forgetAt}, written before the CAS that installs the state it
 * belongs to; the evictor reads the state first and {@code forgetAt} second, so it never pairs a
 * new state with an older, earlier instant.
 *
 * <p>Parameter changes: a state from a larger capacity can read as more than full; it is
 * treated as this window used up. A state from a smaller capacity reads as a new window.
 */
final class FixedWindowRecord extends KeyRecord {

    static final long DEAD = Long.MIN_VALUE;
    private static final long FRESH = -1;
    private static final VarHandle STATE;
    private static final VarHandle FORGET_AT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(FixedWindowRecord.class, "state", long.class);
            FORGET_AT = lookup.findVarHandle(FixedWindowRecord.class, "forgetAt", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through STATE
    private volatile long state = FRESH;
    @SuppressWarnings("unused") // accessed through FORGET_AT
    private long forgetAt;

    FixedWindowRecord(byte[] key, long hash) {
        super(key, hash);
    }

    @Override
    Outcome take(Algorithm algorithm, long now, long wallOffset, long capacity, long intervalNanos, long hits,
                 Verdict verdict) {
        long wall = now + wallOffset;
        long window = wall / intervalNanos;
        long base = window * capacity;
        long windowEnd = (window + 1) * intervalNanos - wallOffset; // engine time
        while (true) {
            long current = (long) STATE.getVolatile(this);
            if (current == DEAD) {
                return null;
            }
            long used = current < base ? 0 : Math.min(current - base, capacity);
            boolean admit = hits == 0 ? used < capacity : used + hits <= capacity;
            if (!admit || hits == 0) {
                describe(verdict, admit ? Outcome.OK : Outcome.LIMITED, used, capacity, windowEnd - now, hits);
                return admit ? Outcome.OK : Outcome.LIMITED;
            }
            FORGET_AT.setOpaque(this, windowEnd); // ordered before the CAS's release: see the class notes
            if (STATE.compareAndSet(this, current, base + used + hits)) {
                describe(verdict, Outcome.OK, used + hits, capacity, windowEnd - now, hits);
                return Outcome.OK;
            }
        }
    }

    private static void describe(Verdict verdict, Outcome outcome, long used, long capacity, long resetAfter,
                                 long hits) {
        if (verdict != null) {
            long retry = outcome == Outcome.LIMITED ? resetAfter : 0;
            verdict.set(outcome, capacity, capacity - used, used == 0 ? 0 : resetAfter, retry);
        }
    }

    @Override
    boolean killIfForgettable(long now) {
        long current = (long) STATE.getVolatile(this);
        long forget = (long) FORGET_AT.getOpaque(this); // read after the state: at least as new
        return current != DEAD && (current == FRESH || forget <= now) && STATE.compareAndSet(this, current, DEAD);
    }

    @Override
    boolean isFresh() {
        return (long) STATE.getVolatile(this) == FRESH;
    }

    @Override
    boolean isDead() {
        return (long) STATE.getVolatile(this) == DEAD;
    }
}
