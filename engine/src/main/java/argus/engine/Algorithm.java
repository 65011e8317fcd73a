package argus.engine;

/**
 * How a key's budget of {@code capacity} per {@code interval} is enforced. A key is tracked
 * separately under each algorithm: the same key name used with two algorithms is two records.
 *
 * <ul>
 *   <li>{@link #TOKEN_BUCKET} (default): bursts of up to {@code capacity}, refilled continuously.
 *       For most APIs: tolerant of bursty clients, exact long-run rate.</li>
 *   <li>{@link #LEAKY_BUCKET}: the same rate with no burst: requests pass at most one per
 *       {@code interval / capacity} (a request of {@code hits} occupies that many slots). For
 *       downstreams that cannot absorb bursts; a jittery client at exactly the rate will see
 *       some {@code LIMITED}s, as with nginx {@code limit_req} without {@code burst}.</li>
 *   <li>{@link #FIXED_WINDOW}: at most {@code capacity} per window, windows aligned to the wall
 *       clock (UTC epoch); a client may get up to twice the capacity around a window edge.
 *       For quotas people read per calendar minute/hour.</li>
 *   <li>{@link #SLIDING_WINDOW}: the two-window weighted estimate (the previous window's count
 *       weighted by how much of it still overlaps the sliding window, plus the current count):
 *       no double burst at window edges. It is an estimate that assumes the previous window's
 *       requests were evenly spread; admission compares exactly, in 128-bit integers.</li>
 * </ul>
 */
public enum Algorithm {
    TOKEN_BUCKET("token_bucket"),
    LEAKY_BUCKET("leaky_bucket"),
    FIXED_WINDOW("fixed_window"),
    SLIDING_WINDOW("sliding_window");

    /** Key bytes never contain 0xFF (it is not valid UTF-8), so a tagged key cannot collide. */
    static final byte TAG = (byte) 0xFF;

    private final String spelling;

    Algorithm(String spelling) {
        this.spelling = spelling;
    }

    /** The JSON spelling, e.g. {@code token_bucket}. */
    public String spelling() {
        return spelling;
    }
}
