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
 * kept beside the state in {@link #forgetAt}, only ever raised (by CAS), before the CAS that
 * installs the state it belongs to; the evictor reads the state first and {@code forgetAt}
 * second, so it never pairs a state with an instant earlier than that state's window end.
 *
 * <p>Parameter changes: a state from a smaller capacity (or a shorter interval) reads as a new
 * window. A state from a larger capacity (or a longer interval) reads as more than full, so the
 * key is limited, and told to retry, until that state's window has ended ({@link #forgetAt});
 * then it reads as a new window, whether or not the record was evicted yet. The same reading
 * makes a request whose clock reading is a little late, racing one of the next window, count as
 * limited rather than roll the window back.
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
    private volatile long forgetAt;

    FixedWindowRecord(KeyBuffer key, long hash) {
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
            long used;
            long retryAfter = windowEnd - now;
            if (current < base) {
                used = 0;
            } else if (current - base <= capacity) {
                used = current - base;
            } else {
                // Above "full": written by a request of a later window (this one read the clock just
                // before it) or under a larger capacity or longer interval. Used up until the window
                // of that state ends (not this window's end: under a longer interval, far later);
                // forgetAt, read after the state, is at least that end. Once it is past, none of
                // the state's hits is in this window.
                long toStateEnd = (long) FORGET_AT.getOpaque(this) - now;
                if (toStateEnd <= 0) {
                    used = 0;
                } else {
                    used = capacity;
                    retryAfter = Math.min(retryAfter, toStateEnd);
                }
            }
            boolean admit = hits == 0 ? used < capacity : hits <= capacity - used; // no overflow for any hits
            if (!admit || hits == 0) {
                describe(verdict, admit ? Outcome.OK : Outcome.LIMITED, used, capacity, windowEnd - now,
                        admit ? 0 : retryAfter);
                return admit ? Outcome.OK : Outcome.LIMITED;
            }
            raiseForgetAt(windowEnd);
            if (STATE.compareAndSet(this, current, base + used + hits)) {
                describe(verdict, Outcome.OK, used + hits, capacity, windowEnd - now, 0);
                return Outcome.OK;
            }
        }
    }

    /**
     * Raises {@link #forgetAt} to {@code instant}, never lowers it: a state of a later window is
     * then never paired with an earlier window's end, whatever order racing writers store in.
     * Runs before the CAS that installs the state it covers (the CAS's release orders it).
     */
    private void raiseForgetAt(long instant) {
        long seen;
        while ((seen = (long) FORGET_AT.getOpaque(this)) < instant) {
            if (FORGET_AT.compareAndSet(this, seen, instant)) {
                return;
            }
        }
    }

    private static void describe(Verdict verdict, Outcome outcome, long used, long capacity, long resetAfter,
                                 long retryAfter) {
        if (verdict != null) {
            verdict.set(outcome, capacity, capacity - used, used == 0 ? 0 : resetAfter, retryAfter);
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
