package argus.loadtest.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import org.junit.jupiter.api.Test;

/**
 * The benchmarks' keys are written one operation ahead (see {@link ProbePair}): the operations
 * must still get the keys in the order chosen, and never the probe being written.
 */
class ProbePairTest {

    @Test
    void shouldHandTheCursorsKeysInTheirChosenOrderFromAlternatingProbes() {
        KeyTable table = new KeyTable(10, 7);
        int[] indices = new int[KeyChoice.TABLE_SIZE];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = (i * 7 + 3) % 10;
        }
        ExistingKeyCursor cursor = new ExistingKeyCursor();
        KeyProbe previous = null;
        for (int op = 0; op < 25; op++) {
            KeyProbe probe = cursor.next(table, indices);
            assertEquals(keyAt(table, indices[op]), probe.toString(), "key of operation " + op);
            if (previous != null) {
                assertNotSame(previous, probe, "operation " + op + " got the probe the one before it used");
                assertEquals(keyAt(table, indices[op + 1]), previous.toString(),
                        "the spare probe holds the next operation's key");
            }
            previous = probe;
        }
    }

    @Test
    void shouldHandEachNewKeyOnceInSequence() {
        NewKeyBenchmark.Source source = new NewKeyBenchmark.Source();
        source.keys = new NewKeySource(0, 1);
        NewKeySource expected = new NewKeySource(0, 1);
        KeyProbe reference = new KeyProbe();
        for (int op = 0; op < 25; op++) {
            expected.nextInto(reference);
            assertEquals(reference.toString(), source.next().toString(), "key of operation " + op);
        }
    }

    private static String keyAt(KeyTable table, int index) {
        KeyProbe probe = new KeyProbe();
        table.copyInto(index, probe);
        return probe.toString();
    }
}
