package argus.engine;

/**
 * A blocked Bloom filter over the hashes of one frozen tree's keys, so that a lookup of a key the
 * tree does not hold (every new key) can skip the walk down the tree: one memory access instead
 * of a cache miss per level.
 *
 * <p>Both of a key's bits lie in one 64-bit word: bits {@code hash & 63} and
 * {@code (hash >>> 6) & 63} of word {@code (hash >>> 32) & mask}. With 8 to 16 bits per key
 * (the word count is rounded up to a power of two) about 1.5 to 5 % of absent keys are reported
 * present; they just walk the tree as before. There are no false negatives: a key whose hash
 * was added is always reported present.
 *
 * <p>Built and filled by the rebuild thread, then published inside the view that holds its tree
 * (the view's final field and volatile publication make the filled words visible); never written
 * after that.
 */
final class FrozenFilter {

    /** A filter of an empty tree: every hash is absent. */
    static final FrozenFilter EMPTY = new FrozenFilter(1);

    private static final int BITS_PER_KEY = 8;
    private static final int MAX_WORDS = 1 << 30;

    private final long[] words;
    private final int mask;

    private FrozenFilter(int words) {
        this.words = new long[words];
        this.mask = words - 1;
    }

    /** An empty filter for up to {@code keys} keys at no less than {@link #BITS_PER_KEY} bits per key. */
    static FrozenFilter forKeys(long keys) {
        long wanted = Math.max(1, (keys * BITS_PER_KEY + 63) / 64);
        int words = wanted >= MAX_WORDS ? MAX_WORDS : Integer.highestOneBit((int) wanted - 1) << 1;
        return new FrozenFilter(Math.max(1, words));
    }

    /** Rebuild thread only, before publication. */
    void add(long hash) {
        words[index(hash)] |= bits(hash);
    }

    /** False only if no key with this hash was added. */
    boolean mightContain(long hash) {
        long bits = bits(hash);
        return (words[index(hash)] & bits) == bits;
    }

    private int index(long hash) {
        return (int) (hash >>> 32) & mask;
    }

    /** Shifts take their count mod 64: these are bits 0-5 and 6-11 of the hash. */
    private static long bits(long hash) {
        return (1L << hash) | (1L << (hash >>> 6));
    }
}
