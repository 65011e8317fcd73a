package argus.loadtest.engine;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * One benchmark thread's walk through a {@link KeyChoice} index table, and its reused key.
 * Threads start at evenly spaced places, so they do not ask for the same key at the same time.
 */
@State(Scope.Thread)
public class ExistingKeyCursor {

    private static final int MASK = KeyChoice.TABLE_SIZE - 1;

    private final KeyProbe probe = new KeyProbe();
    private int position;

    @Setup
    public void start(ThreadParams thread) {
        position = thread.getThreadIndex() * (KeyChoice.TABLE_SIZE / thread.getThreadCount());
    }

    KeyProbe next(KeyTable table, int[] indices) {
        table.copyInto(indices[position++ & MASK], probe);
        return probe;
    }
}
