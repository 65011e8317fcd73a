package argus.engine;

/**
 * Token-bucket arithmetic in the GCRA form: the whole state of a bucket is one {@code long},
 * its theoretical arrival time (TAT), in integer nanoseconds on the engine's clock.
 *
 * <p>With emission interval {@code T = ceil(interval / capacity)} and burst limit
 * {@code L = capacity * T}, a request of {@code h} hits at {@code now} is admitted iff
 * {@code max(tat, now) + h*T - now <= L}, and then {@code tat' = max(tat, now) + h*T}. A bucket is
 * full exactly when {@code tat <= now}; that instant is the record's expiry. The leaky bucket is
 * the same with no burst: admitted iff {@code tat <= now} (the previous request has drained).
 *
 * <p>Exactness: integer arithmetic only, so nothing drifts or is lost between requests (the
 * original's floating refill lost every fractional token). When {@code capacity} divides the
 * interval in nanoseconds (1000 per 60 s, 100 per 1 s, ...) the rate is exact; otherwise
 * {@code T} is rounded up, so Argus never admits more than the bucket allows and is at most 1 ns
 * per token slower. Capacities above one token per nanosecond are refused by validation.
 *
 * <p>Overflow: {@code h <= capacity}, so {@code h*T <= L <= interval + capacity - 1 <= 2^62}, and
 * clock readings are nanoseconds since start, so {@code now + L} fits a {@code long} for centuries.
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

    /** The TAT after taking one token at {@code now}, or {@link #REJECTED}. */
    public static long take(long tat, long now, long capacity, long intervalNanos) {
        return take(tat, now, true, capacity, intervalNanos, 1);
    }

    /**
     * The TAT after taking {@code hits >= 1} tokens at {@code now}, or {@link #REJECTED}; with
     * {@code burst} false, the leaky bucket's rule.
     */
    static long take(long tat, long now, boolean burst, long capacity, long intervalNanos, long hits) {
        if (hits > capacity) {
            return REJECTED;
        }
        long t = emissionInterval(capacity, intervalNanos);
        long base = Math.max(tat, now);
        long next = base + hits * t;
        long tolerance = burst ? capacity * t : hits * t;
        return next - now <= tolerance ? next : REJECTED;
    }

    /** Whole tokens in the bucket at {@code now}. */
    public static long available(long tat, long now, long capacity, long intervalNanos) {
        long t = emissionInterval(capacity, intervalNanos);
        long debt = Math.max(tat - now, 0);
        return Math.max(0, (capacity * t - debt) / t);
    }

    /**
     * Fills {@code verdict} for a bucket whose TAT is {@code tat} after the request ({@code hits}
     * is what the request asked for; it matters for the retry time of a refusal).
     */
    static void describe(Verdict verdict, Outcome outcome, long tat, long now, boolean burst, long capacity,
                         long intervalNanos, long hits) {
        long t = emissionInterval(capacity, intervalNanos);
        long debt = Math.max(tat - now, 0);
        long remaining = burst ? Math.max(0, (capacity * t - debt) / t) : debt == 0 ? capacity : 0;
        long retry = 0;
        if (outcome == Outcome.LIMITED) {
            retry = hits > capacity || !burst ? debt : Math.max(tat, now) + hits * t - capacity * t - now;
        }
        verdict.set(outcome, capacity, remaining, debt, Math.max(0, retry));
    }

    static void checkParameters(long capacity, long intervalNanos, long hits) {
        if (capacity < 1 || intervalNanos < 1 || capacity > intervalNanos || hits < 0) {
            throw new IllegalArgumentException("need 1 <= capacity <= intervalNanos and hits >= 0, got capacity="
                    + capacity + " intervalNanos=" + intervalNanos + " hits=" + hits);
        }
    }
}
