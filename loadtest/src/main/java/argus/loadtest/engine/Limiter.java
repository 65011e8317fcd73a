package argus.loadtest.engine;

import argus.engine.Outcome;

/**
 * What the engine benchmarks drive: one of the two engines or one of the two baselines. Every
 * implementation gets the key as bytes in the calling thread's {@link KeyProbe}, so the cost of
 * producing the key is the same for all of them.
 */
interface Limiter extends AutoCloseable {

    /**
     * 10^8 tokens refilled at one per 40 s (GCRA's emission interval T = interval / capacity):
     * each hit leaves the key's bucket 40 s short of full, so no key becomes expired (and
     * evictable) within 40 s of its last hit, longer than a fork of {@code scripts/engine-bench}
     * lasts; and a key takes 10^8 hits before it is limited, some ten times what the hottest Zipf
     * key gets in such a fork. So every acquire on an existing key is admitted and
     * moves its TAT by CAS. (With T of only a couple of seconds, keys not hit for that long would be
     * evicted and come back as new keys.) The interval stays below the engines' 2^62 ns bound.
     */
    long CAPACITY = 100_000_000L;
    long INTERVAL_NANOS = CAPACITY * 40_000_000_000L;

    /** One hit on {@code key}'s bucket, with the probe's parameters ({@link #CAPACITY} per {@link #INTERVAL_NANOS}). */
    Outcome acquire(KeyProbe key);

    /** Brings the structure to its steady state after a bulk load (the BST's rebuild). */
    default void settle() {
    }

    @Override
    default void close() {
    }
}
