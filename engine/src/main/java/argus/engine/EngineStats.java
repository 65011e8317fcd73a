package argus.engine;

/**
 * A snapshot of engine counters.
 *
 * @param liveKeys           records not yet evicted
 * @param rebuilds           rebuilds completed
 * @param lastRebuildNanos   duration of the last rebuild
 * @param lastReason         why the last rebuild ran (null before the first)
 * @param averageDepth       average sampled search depth since the last rebuild (0 if none)
 * @param evicted            expired records dropped by rebuilds so far
 */
public record EngineStats(long liveKeys, long rebuilds, long lastRebuildNanos, SwapPolicy.Reason lastReason,
                          double averageDepth, long evicted) {
}
