package argus.loadtest.engine;

import argus.engine.Outcome;
import java.util.SplittableRandom;

/**
 * The live keys of a benchmark: {@code size} random 20-letter keys (the original service's
 * published test used random 20-letter keys), in one flat array so that fetching a key is one
 * short copy whatever the implementation under test.
 */
final class KeyTable {

    static final int KEY_LENGTH = 20;
    private static final byte[] LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".getBytes();

    private final byte[] keys;
    private final int size;

    KeyTable(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        this.size = size;
        this.keys = new byte[size * KEY_LENGTH];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = LETTERS[random.nextInt(LETTERS.length)];
        }
    }

    int size() {
        return size;
    }

    /** Writes key {@code index} into the probe: the per-operation cost every implementation shares. */
    void copyInto(int index, KeyProbe probe) {
        System.arraycopy(keys, index * KEY_LENGTH, probe.array(), 0, KEY_LENGTH);
        probe.setLength(KEY_LENGTH);
    }

    /**
     * Inserts every key (one hit each) and settles the structure: the state the existing-key
     * benchmarks start from. A 1-in-52^20 collision between two random keys would only make the
     * table one key smaller, so it is not checked.
     */
    void loadInto(Limiter limiter) {
        KeyProbe probe = new KeyProbe();
        for (int i = 0; i < size; i++) {
            copyInto(i, probe);
            Outcome outcome = limiter.acquire(probe);
            if (outcome != Outcome.OK) {
                throw new IllegalStateException("loading key " + probe + " answered " + outcome);
            }
        }
        limiter.settle();
    }
}
