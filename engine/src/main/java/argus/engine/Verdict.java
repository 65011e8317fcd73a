package argus.engine;

/**
 * The details of one answer, for response headers and JSON bodies. Reused: one instance per
 * thread (event loop), overwritten by every acquire that is given it.
 */
public final class Verdict {

    /**
     * {@link #retryAfterNanos} of a request that no wait can admit: more hits than the capacity.
     * Encoders leave the retry time out rather than print this.
     */
    public static final long NEVER = Long.MAX_VALUE;

    private Outcome outcome;
    private long limit;
    private long remaining;
    private long resetAfterNanos;
    private long retryAfterNanos;

    void set(Outcome outcome, long limit, long remaining, long resetAfterNanos, long retryAfterNanos) {
        this.outcome = outcome;
        this.limit = limit;
        this.remaining = remaining;
        this.resetAfterNanos = resetAfterNanos;
        this.retryAfterNanos = retryAfterNanos;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The capacity the answer was computed for. */
    public long limit() {
        return limit;
    }

    /** Hits that would be admitted right after this answer (never negative). */
    public long remaining() {
        return remaining;
    }

    /** Time until the budget is whole again (bucket full, window over, queue drained). */
    public long resetAfterNanos() {
        return resetAfterNanos;
    }

    /**
     * On {@link Outcome#LIMITED}: time until the same request could be admitted, or {@link #NEVER}
     * (see {@link #neverAdmitted}); 0 otherwise.
     */
    public long retryAfterNanos() {
        return retryAfterNanos;
    }

    /** Whether the request was refused for asking more hits than the capacity: waiting will not help. */
    public boolean neverAdmitted() {
        return retryAfterNanos == NEVER;
    }

    /** Marks the refusal of a request that asks more hits than the capacity. */
    void never() {
        retryAfterNanos = NEVER;
    }

    @Override
    public String toString() {
        return outcome + " limit=" + limit + " remaining=" + remaining + " resetAfterNanos=" + resetAfterNanos
                + " retryAfterNanos=" + retryAfterNanos;
    }
}
