package argus.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A sliding-window record using the two-window weighted estimate: with the current window's
 * count {@code c}, the previous window's count {@code p}, and {@code e} nanoseconds elapsed in
 * the current window, a request of {@code h} hits is admitted iff
 * {@code p*(interval - e) + (c + h)*interval <= capacity*interval} (compared exactly, see
 * {@link Wide}). Windows are aligned to the UTC epoch.
 *
 * <p>The state is several numbers, so it lives in a small immutable {@link State} swapped by CAS:
 * unlike the other algorithms this allocates one 64-byte object per admitted request (a refusal
 * changes nothing and allocates nothing, except the first after the key's interval changed). The
 * state also carries the instant the record can be forgotten (both windows over), so the evictor
 * reads it atomically with the counts, and the interval its windows are of, with the instant of
 * its latest hit, so that a request with another interval can re-count its hits on its own
 * windows ({@link #regrid}).
 */
final class SlidingWindowRecord extends KeyRecord {

    /**
     * An immutable snapshot: counts of window {@code window} (of {@code interval} nanoseconds) and
     * the one before it, and the wall-clock instant of the latest hit counted.
     */
    static final class State {
        final long window;
        final long previous;
        final long current;
        final long forgetAt;
        final long interval;
        final long lastHit;

        State(long window, long previous, long current, long forgetAt, long interval, long lastHit) {
            this.window = window;
            this.previous = previous;
            this.current = current;
            this.forgetAt = forgetAt;
            this.interval = interval;
            this.lastHit = lastHit;
        }
    }

    static final State DEAD = new State(0, 0, 0, 0, 1, 0);
    private static final State FRESH = new State(Long.MIN_VALUE, 0, 0, Long.MIN_VALUE, 1, 0);
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(SlidingWindowRecord.class, "state", State.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through STATE
    private volatile State state = FRESH;

    SlidingWindowRecord(KeyBuffer key, long hash) {
        super(key, hash);
    }

    @Override
    Outcome take(Algorithm algorithm, long now, long wallOffset, long capacity, long intervalNanos, long hits,
                 Verdict verdict) {
        long wall = now + wallOffset;
        long nowWindow = wall / intervalNanos;
        while (true) {
            State stored = (State) STATE.getVolatile(this);
            if (stored == DEAD) {
                return null;
            }
            State s = stored.interval == intervalNanos || stored == FRESH ? stored
                    : regrid(stored, intervalNanos, wallOffset);
            // A request whose clock reading predates the state's window (read before a racing
            // request moved it on) is counted at the start of that window: never moving the
            // window back, and weighing the previous window fully, the stricter reading.
            long window = Math.max(nowWindow, s.window);
            long elapsed = window == nowWindow ? wall - window * intervalNanos : 0;
            long windowEndAfter = (window + 1) * intervalNanos - wallOffset; // engine time
            long previous = s.window == window ? s.previous : s.window == window - 1 ? s.current : 0;
            long current = s.window == window ? s.current : 0;
            long left = intervalNanos - elapsed;
            long asked = Math.max(hits, 1);
            boolean admit = asked <= capacity - current // no overflow for any hits
                    && current + asked <= capacity
                    && Wide.sumAtMost(previous, left, current + asked, intervalNanos, capacity, intervalNanos);
            if (!admit || hits == 0) {
                if (s != stored) {
                    // Keep the re-counted state even though nothing was taken: its forgetAt holds the
                    // record until the new window that counts the old hits ends; with the old one the
                    // record could be evicted sooner and a fresh one admit them all again (I2).
                    STATE.compareAndSet(this, stored, s);
                }
                describe(verdict, admit, previous, current, asked, elapsed, windowEndAfter - now, capacity,
                        intervalNanos);
                return admit ? Outcome.OK : Outcome.LIMITED;
            }
            State next = new State(window, previous, current + hits, windowEndAfter + intervalNanos, intervalNanos,
                    Math.max(wall, s.lastHit));
            if (STATE.compareAndSet(this, stored, next)) {
                describe(verdict, true, previous, current + hits, 1, elapsed, windowEndAfter - now, capacity,
                        intervalNanos);
                return Outcome.OK;
            }
        }
    }

    /**
     * The counts of a state kept under another interval, on the windows of {@code interval}: its
     * window indexes mean nothing there (reading them as such overflowed the window arithmetic).
     * All its hits are put in the new window holding the latest of them: never earlier than they
     * were, so the new reading admits no more than their true times would allow, and they age out
     * with that window, which the state's forgetAt covers. (Allocates, but only once a key's
     * interval has changed.)
     */
    private static State regrid(State s, long interval, long wallOffset) {
        long window = s.lastHit / interval;
        long forgetAt = Math.max(s.forgetAt, (window + 2) * interval - wallOffset); // that window and the next over
        return new State(window, 0, s.previous + s.current, forgetAt, interval, s.lastHit);
    }

    /**
     * Remaining: the largest k with {@code p*left + (c + k)*interval <= capacity*interval}. Reset:
     * when both windows are over (or the current one, if it holds nothing). Retry after a refusal:
     * the first instant the request would fit, in this window as the previous count's weight
     * decays, or else in the next one; never-fitting requests (more hits than capacity) get the
     * reset time.
     */
    private static void describe(Verdict verdict, boolean admitted, long previous, long current, long asked,
                                 long elapsed, long toWindowEnd, long capacity, long interval) {
        if (verdict == null) {
            return;
        }
        long weighted = Wide.mulDivCeil(previous, interval - elapsed, interval);
        long remaining = Math.max(0, capacity - current - weighted);
        long reset = current > 0 ? toWindowEnd + interval : previous > 0 ? toWindowEnd : 0;
        long retry = 0;
        if (!admitted) {
            if (asked > capacity) {
                retry = reset;
            } else if (current + asked <= capacity && previous > 0) {
                // p*(interval - e') <= (capacity - c - asked)*interval  <=>  e' >= interval - floor(...)
                long e = interval - Wide.mulDivFloor(capacity - current - asked, interval, previous);
                retry = Math.max(0, e - elapsed);
            } else {
                long e = current == 0 ? 0 : Math.max(0, interval - Wide.mulDivFloor(capacity - asked, interval, current));
                retry = toWindowEnd + e;
            }
        }
        verdict.set(admitted ? Outcome.OK : Outcome.LIMITED, capacity, remaining, reset, retry);
    }

    @Override
    boolean killIfForgettable(long now) {
        State s = (State) STATE.getVolatile(this);
        return s != DEAD && s.forgetAt <= now && STATE.compareAndSet(this, s, DEAD);
    }

    @Override
    boolean isFresh() {
        return STATE.getVolatile(this) == FRESH;
    }

    @Override
    boolean isDead() {
        return STATE.getVolatile(this) == DEAD;
    }
}
