package argus.engine;

/**
 * Decides when the rebuild thread builds a new shadow tree and swaps it in. It replaces the
 * original's "sum of balance factors" with things that are measured:
 *
 * <ul>
 *   <li>{@link Reason#DEPTH}: the average search depth sampled from real requests (1 in 64)
 *       exceeds {@code depthFactor * log2(live + 1) + 2}: lookups have become slow.</li>
 *   <li>{@link Reason#ANNEX}: more than {@code max(annexMin, annexShare * frozen)} keys arrived
 *       since the last rebuild: the annex was sized for that many, and beyond it its buckets'
 *       unbalanced trees grow deeper.</li>
 *   <li>{@link Reason#PRESSURE}: live keys reached {@code pressureShare} of the cap, or a new key
 *       was refused: drop the expired records now.</li>
 *   <li>{@link Reason#AGE}: {@code maxAgeMillis} passed with keys present: expired records are
 *       reclaimed at least this often, so memory follows the set of active keys.</li>
 * </ul>
 * Nothing is rebuilt sooner than {@code minIntervalMillis} after the last rebuild.
 */
public record SwapPolicy(double depthFactor, long annexMin, double annexShare, double pressureShare,
                         long maxAgeMillis, long minIntervalMillis) {

    /**
     * Why maintenance runs; {@code FORCED} is a caller's explicit request. The hash engine's own:
     * GROWTH, its table is crowded or outgrown; CHURN, more than {@code max(annexMin, annexShare *
     * live)} new keys since its last pass, the annex rule's counterpart, so that under a stream of
     * new keys expired records are reclaimed as often as the tree engine's rebuilds reclaim them.
     */
    public enum Reason { DEPTH, ANNEX, PRESSURE, AGE, FORCED, GROWTH, CHURN }

    private static final int MIN_DEPTH_SAMPLES = 64;

    public SwapPolicy {
        if (depthFactor < 1 || annexMin < 1 || annexShare <= 0 || pressureShare <= 0 || pressureShare > 1
                || maxAgeMillis < 1 || minIntervalMillis < 0) {
            throw new IllegalArgumentException("invalid swap policy " + depthFactor + "/" + annexMin + "/"
                    + annexShare + "/" + pressureShare + "/" + maxAgeMillis + "/" + minIntervalMillis);
        }
    }

    public static SwapPolicy defaults() {
        return new SwapPolicy(2.0, 4096, 0.5, 0.9, 5_000, 50);
    }

    /**
     * The reason to rebuild now, or null to wait.
     *
     * @param live         live records (frozen tree plus annex)
     * @param maxKeys      the cap
     * @param frozen       records in the frozen (balanced) tree
     * @param annex        records inserted since the last rebuild
     * @param samples      depth samples since the last rebuild
     * @param depthSum     their sum
     * @param refused      whether a new key was refused since the last rebuild
     * @param sinceMillis  time since the last rebuild
     */
    public Reason decide(long live, long maxKeys, long frozen, long annex, long samples, long depthSum,
                         boolean refused, long sinceMillis) {
        if (sinceMillis < minIntervalMillis) {
            return null;
        }
        if (refused || live >= pressureShare * maxKeys) {
            return Reason.PRESSURE;
        }
        if (samples >= MIN_DEPTH_SAMPLES
                && (double) depthSum / samples > depthFactor * log2(live + 1) + 2) {
            return Reason.DEPTH;
        }
        if (annex > Math.max(annexMin, annexShare * frozen)) {
            return Reason.ANNEX;
        }
        if (live > 0 && sinceMillis >= maxAgeMillis) {
            return Reason.AGE;
        }
        return null;
    }

    private static double log2(long n) {
        return 63 - Long.numberOfLeadingZeros(n) + 1e-9;
    }
}
