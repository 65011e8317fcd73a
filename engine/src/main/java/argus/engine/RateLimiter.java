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
     * Takes one token for {@code key} if its bucket has one.
     *
     * @param key           the decoded key bytes; read during the call, copied only for a new key
     * @param capacity      bucket size, {@code 1 <= capacity <= intervalNanos}
     * @param intervalNanos time to refill a whole bucket, at least 1
     */
    Outcome acquire(KeyBuffer key, long capacity, long intervalNanos);

    /** Counters for logs, metrics and tests; cheap, but not for the request path. */
    EngineStats stats();

    /** Stops background work. Acquire must not be called afterwards. */
    @Override
    void close();
}
