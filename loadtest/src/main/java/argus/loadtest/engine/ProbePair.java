package argus.loadtest.engine;

/**
 * One benchmark thread's two probes, used in turn: the key of the next operation is written into
 * one while the other, written one operation earlier, is measured.
 *
 * <p>Why not one probe, written right before the call: the copy's stores (a masked vector store,
 * or byte stores) are still in the core's store buffer when the code under test reads the key
 * eight bytes at a time to hash it, and such a load cannot be forwarded from those stores, so it
 * waits for them to reach the cache (some 15 cycles). A limiter that reads the clock before it
 * hashes (the baselines may) hides that wait behind the clock call; one that must hash and look
 * up first (the engines, to read the clock after the lookup) pays it in full. That measured the
 * order of two calls, not the structures: with one probe, the hash map baseline with its clock
 * read moved after the lookup fell from 17.1 to 14.6 M ops/s (1 thread, 1 k keys) and the hash
 * engine stayed at 15.2. In the server the key is decoded well before the engine hashes it.
 */
final class ProbePair {

    private final KeyProbe[] probes = {new KeyProbe(), new KeyProbe()};
    private int turn;
    private boolean primed;

    /** Whether the first key has been written: {@link #current} holds it. */
    boolean primed() {
        return primed;
    }

    /** The probe the next {@link #advance} returns; written once, before the first operation. */
    KeyProbe current() {
        primed = true;
        return probes[turn];
    }

    /** The probe to write the key of the operation after this one into. */
    KeyProbe spare() {
        return probes[turn ^ 1];
    }

    /** The probe for this operation, written one operation ago; the spare becomes current. */
    KeyProbe advance() {
        KeyProbe now = probes[turn];
        turn ^= 1;
        return now;
    }
}
