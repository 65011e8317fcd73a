package argus.loadtest.engine;

import java.util.SplittableRandom;

/**
 * How a benchmark thread picks the next existing key. Both distributions are drawn ahead of time
 * into a table of key indices that the threads walk, so picking a key costs one array read,
 * the same for both, and nothing of the sampling shows in the measurement.
 */
public enum KeyChoice {
    UNIFORM,
    /** Zipf with s = 1: rank r is drawn with probability proportional to 1/r (hot keys). */
    ZIPF;

    /** 4 M indices: long enough that the walk does not replay a short pattern the caches could learn. */
    static final int TABLE_SIZE = 1 << 22;

    int[] indices(int keys, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] table = new int[TABLE_SIZE];
        double[] cumulative = this == ZIPF ? zipfCumulative(keys) : null;
        for (int i = 0; i < TABLE_SIZE; i++) {
            table[i] = this == ZIPF ? invert(cumulative, random.nextDouble()) : random.nextInt(keys);
        }
        return table;
    }

    /** Normalised cumulative weights of ranks 1..n under s = 1; key i has rank i + 1 (keys are random). */
    private static double[] zipfCumulative(int n) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / (i + 1);
            cumulative[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= sum;
        }
        return cumulative;
    }

    /** The first index whose cumulative weight reaches {@code u}. */
    private static int invert(double[] cumulative, double u) {
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] < u) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
