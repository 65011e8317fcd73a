package argus.engine;

/**
 * A token bucket per key: a new key starts with {@code capacity} tokens, tokens refill
 * continuously at {@code capacity / interval}, and an acquire takes one token if one is there.
 *
 * <p>Implementations are safe for any number of threads and never block the caller: no lock,
 * no wait on background work. The parameters come with every call; a key's bucket follows the
 * latest ones (see {@link Bucket} for how its state carries over).
 */
public interface RateLimiter extends AutoCloseable {

    /**
     * Applies one request of {@code hits} to {@code key}'s limiter under {@code algorithm}.
     * {@code hits == 0} changes nothing and reports whether one more hit would pass; more hits
     * than the capacity are never admitted and change nothing.
     *
     * @param key           the decoded key bytes; read during the call (a tag may be appended and
     *                      removed again), copied only when a new key is stored
     * @param capacity      budget per interval, {@code 1 <= capacity <= intervalNanos}
     * @param intervalNanos time to refill a whole bucket / length of a window, at least 1
     * @param hits          units this request takes, at least 0
     * @param verdict       filled with the details of the answer, unless null (the cheapest call)
     */
    Outcome acquire(KeyBuffer key, Algorithm algorithm, long capacity, long intervalNanos, long hits,
                    Verdict verdict);

    /** One hit of a token bucket, without details: the original service's question. */
    default Outcome acquire(KeyBuffer key, long capacity, long intervalNanos) {
        return acquire(key, Algorithm.TOKEN_BUCKET, capacity, intervalNanos, 1, null);
    }

    /** Counters for logs, metrics and tests; cheap, but not for the request path. */
    EngineStats stats();

    /** Stops background work. Acquire must not be called afterwards. */
    @Override
    void close();
}
