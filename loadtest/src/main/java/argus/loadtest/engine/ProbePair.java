package argus.loadtest.engine;

/**
 * One benchmark thread's two probes, used in turn: the key of the next operation is written into
 * one while the other, written one operation earlier, is measured.
 *
 * <p>Why not one probe, written right before the call: the copy's stores (a vector store for 20
 * bytes, or single bytes) do not line up with the 8-byte loads that hash the key, and a load
 * cannot be forwarded from stores that do not contain it whole, so while they are still in the
 * core's store buffer it waits for them to reach the cache (some 15 cycles). A limiter that reads
 * the clock before it hashes (the baselines may) hides that wait behind the clock call; one that
 * must hash and look up first (the engines, to read the clock after the lookup) pays it in full.
 * That measured the order of two calls, not the structures: with one probe, the hash map baseline
 * with its clock read moved after the lookup fell from 17.1 to 14.6 M ops/s (1 thread, 1 k keys)
 * and the hash engine stayed at 15.2. In the server the key is decoded well before the engine
 * hashes it.
 */
final class ProbePair {

    /** Writes the key of the next operation into a probe. */
    interface KeyWriter {
        void writeNextKey(KeyProbe probe);
    }

    private final KeyProbe[] probes = {new KeyProbe(), new KeyProbe()};
    private int turn;
    private boolean primed;

    /**
     * The probe holding this operation's key, written one call ago (the first call writes it
     * first); {@code writer} fills the other probe with the next operation's key meanwhile.
     */
    KeyProbe next(KeyWriter writer) {
        if (!primed) {
            writer.writeNextKey(probes[turn]);
            primed = true;
        }
        writer.writeNextKey(probes[turn ^ 1]);
        KeyProbe now = probes[turn];
        turn ^= 1;
        return now;
    }
}
