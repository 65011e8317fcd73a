package argus.engine;

/**
 * Token-bucket arithmetic in the GCRA form: the whole state of a bucket is one {@code long},
 * its theoretical arrival time (TAT), in integer nanoseconds on the engine's clock.
 *
 * <p>With emission interval {@code T = ceil(interval / capacity)} and burst limit
 * {@code L = capacity * T}, a request at {@code now} is admitted iff
 * {@code max(tat, now) + T - now <= L}, and then {@code tat' = max(tat, now) + T}. A bucket is
 * full exactly when {@code tat <= now}; that instant is the record's expiry.
 *
 * <p>Exactness: integer arithmetic only, so nothing drifts or is lost between requests (the
 * original's floating refill lost every fractional token). When {@code capacity} divides the
 * interval in nanoseconds (1000 per 60 s, 100 per 1 s, ...) the rate is exact; otherwise
 * {@code T} is rounded up, so Argus never admits more than the bucket allows and is at most 1 ns
 * per token slower. Capacities above one token per nanosecond are refused by validation.
 *
 * <p>Overflow: {@code L <= interval + capacity - 1 <= 2 * interval <= 2^62}, and clock readings
 * are nanoseconds since start, so {@code now + L} fits a {@code long} for centuries.
 *
 * <p>Parameter changes: the state is a time, so a new (capacity, interval) reads the same TAT:
 * the time until the bucket is full again carries over, and a smaller bucket may start over-drawn
 * (limited until it drains). This is the rule redis-cell uses.
 */
public final class Bucket {

    /** Returned by {@link #take} when the bucket holds too few tokens. */
    public static final long REJECTED = Long.MIN_VALUE + 1;

    private Bucket() {
    }

    public static long emissionInterval(long capacity, long intervalNanos) {
        return (intervalNanos + capacity - 1) / capacity;
    }

    /**
     * The TAT after taking one token at {@code now}, or {@link #REJECTED}.
     */
    public static long take(long tat, long now, long capacity, long intervalNanos) {
        long t = emissionInterval(capacity, intervalNanos);
        long next = Math.max(tat, now) + t;
        return next - now <= capacity * t ? next : REJECTED;
    }

    /** Whole tokens in the bucket at {@code now}. */
    public static long available(long tat, long now, long capacity, long intervalNanos) {
        long t = emissionInterval(capacity, intervalNanos);
        long debt = Math.max(tat - now, 0);
        return Math.max(0, (capacity * t - debt) / t);
    }

    static void checkParameters(long capacity, long intervalNanos) {
        if (capacity < 1 || intervalNanos < 1 || capacity > intervalNanos) {
            throw new IllegalArgumentException("need 1 <= capacity <= intervalNanos, got capacity="
                    + capacity + " intervalNanos=" + intervalNanos);
        }
    }
}
