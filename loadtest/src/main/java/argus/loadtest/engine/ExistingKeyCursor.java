package argus.loadtest.engine;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * One benchmark thread's walk through a {@link KeyChoice} index table, and its two reused probes.
 * Threads start at evenly spaced places, so they do not ask for the same key at the same time.
 */
@State(Scope.Thread)
public class ExistingKeyCursor {

    private static final int MASK = KeyChoice.TABLE_SIZE - 1;

    private final ProbePair probes = new ProbePair();
    private int position;
    private KeyTable table;
    private int[] indices;
    /** Made once: a capturing lambda per call would be garbage per operation. */
    private final ProbePair.KeyWriter writer = probe -> table.copyInto(indices[position++ & MASK], probe);

    @Setup
    public void start(ThreadParams thread) {
        position = thread.getThreadIndex() * (KeyChoice.TABLE_SIZE / thread.getThreadCount());
    }

    /** The probe holding this operation's key, written one operation ago (see {@link ProbePair}). */
    KeyProbe next(KeyTable table, int[] indices) {
        this.table = table;
        this.indices = indices;
        return probes.next(writer);
    }
}
