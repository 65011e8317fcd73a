package argus.loadtest.engine;

/**
 * The JVM flags every engine benchmark's fork runs with, in one place (annotation values must be
 * constants, so each {@code @Fork} lists these three names).
 *
 * <p>The collector is the one {@code scripts/run} starts the server with, SerialGC, so that the
 * engines and their baselines are measured as Argus runs them. Under JMH's default, G1, new keys
 * cost every structure about three to four times more (2 threads, 1 M keys, one fork each: hash
 * engine 0.9 M ops/s under G1 vs 3.5 M under SerialGC, ConcurrentHashMap 1.2 M vs 3.4 M), and the
 * hash engine more than ConcurrentHashMap (0.64-0.85 of its rate under G1; 1.06-1.23 under
 * SerialGC, three forks per score): by async-profiler, G1's concurrent card refinement (the work
 * behind each reference stored into an object in the old generation, such as a table's slot
 * array) took 28 % of the hash engine's CPU samples and 17 % of ConcurrentHashMap's, and the hash
 * engine's table copies another 11 %. The heap holds the largest cell: 1 M loaded keys plus the
 * millions a new-key iteration adds.
 */
final class ForkJvm {

    static final String MIN_HEAP = "-Xms4g";
    static final String MAX_HEAP = "-Xmx4g";
    static final String COLLECTOR = "-XX:+UseSerialGC";

    private ForkJvm() {
    }
}
