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

    @Setup
    public void start(ThreadParams thread) {
        position = thread.getThreadIndex() * (KeyChoice.TABLE_SIZE / thread.getThreadCount());
    }

    /** The probe holding this operation's key, written one operation ago (see {@link ProbePair}). */
    KeyProbe next(KeyTable table, int[] indices) {
        if (!probes.primed()) {
            table.copyInto(indices[position++ & MASK], probes.current());
        }
        table.copyInto(indices[position++ & MASK], probes.spare());
        return probes.advance();
    }
}
