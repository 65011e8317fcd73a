package argus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AvlTreeTest {

    private static KeyRecord record(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return new GcraRecord(KeyBuffer.of(bytes), KeyHash.hash(bytes, bytes.length));
    }

    /** Checks order and AVL balance everywhere; returns the height. */
    private static int checkInvariants(AvlTree.Node n, KeyRecord low, KeyRecord high) {
        if (n == null) {
            return 0;
        }
        assertTrue(low == null || low.compareTo(n.record) < 0, "in order");
        assertTrue(high == null || n.record.compareTo(high) < 0, "in order");
        int hl = checkInvariants(n.left, low, n.record);
        int hr = checkInvariants(n.right, n.record, high);
        assertTrue(Math.abs(hl - hr) <= 1, "balanced");
        assertEquals(1 + Math.max(hl, hr), n.height, "height field");
        return n.height;
    }

    @Test
    void shouldStayOrderedAndBalancedUnderRandomInsertAndDelete() {
        Random random = new Random(42);
        TreeMap<String, KeyRecord> model = new TreeMap<>();
        AvlTree.Node root = null;
        for (int i = 0; i < 20_000; i++) {
            String key = "k" + random.nextInt(3_000);
            if (random.nextInt(3) == 0) {
                KeyRecord r = model.remove(key);
                if (r != null) {
                    root = AvlTree.delete(root, r);
                }
            } else if (!model.containsKey(key)) {
                KeyRecord r = record(key);
                model.put(key, r);
                root = AvlTree.insert(root, r);
            }
            if (i % 1000 == 0) {
                checkInvariants(root, null, null);
            }
        }
        int height = checkInvariants(root, null, null);
        assertEquals(model.size(), AvlTree.size(root));
        assertTrue(height <= 1.45 * (Math.log(model.size() + 2) / Math.log(2)), "AVL height bound");
        for (KeyRecord r : model.values()) {
            KeyBuffer key = KeyBuffer.of(r.keyBytes());
            assertSame(r, AvlTree.find(root, key.hash(), key));
        }
        KeyBuffer absent = KeyBuffer.of("absent");
        assertNull(AvlTree.find(root, absent.hash(), absent));
    }

    @Test
    void shouldLeavePublishedTreesUntouched() {
        AvlTree.Node root = null;
        List<KeyRecord> records = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            KeyRecord r = record("key-" + i);
            records.add(r);
            root = AvlTree.insert(root, r);
        }
        AvlTree.Node published = root;
        for (int i = 0; i < 500; i++) {
            root = AvlTree.delete(root, records.get(i));
        }
        root = AvlTree.insert(root, record("late"));
        assertEquals(1000, AvlTree.size(published));
        checkInvariants(published, null, null);
        assertEquals(501, AvlTree.size(root));
    }

    @Test
    void shouldBuildABalancedTreeFromSortedRecords() {
        for (int n : new int[] {0, 1, 2, 3, 7, 8, 9, 100, 1000}) {
            List<KeyRecord> sorted = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sorted.add(record("sorted-" + i));
            }
            sorted.sort(KeyRecord::compareTo);
            KeyRecord spare = record("sorted-spare"); // offered after the n records: must stay untaken
            Iterator<KeyRecord> source = sorted.iterator();
            boolean[] spareTaken = {false};
            AvlTree.Node root = AvlTree.build(() -> {
                if (source.hasNext()) {
                    return source.next();
                }
                spareTaken[0] = true;
                return spare;
            }, n);
            // Perfectly balanced: floor(log2 n) + 1 levels.
            assertEquals(32 - Integer.numberOfLeadingZeros(n), checkInvariants(root, null, null), "height for " + n);
            assertFalse(source.hasNext(), "takes all of its size's records");
            assertFalse(spareTaken[0], "takes no more than its size's records");
            List<KeyRecord> seen = new ArrayList<>();
            AvlTree.forEach(root, seen::add);
            assertEquals(sorted, seen);
        }
    }

    @Test
    void shouldRefuseToBuildFromFewerRecordsThanItsSize() {
        Iterator<KeyRecord> three = List.of(record("a"), record("b"), record("c")).iterator();
        assertThrows(IllegalStateException.class,
                () -> AvlTree.build(() -> three.hasNext() ? three.next() : null, 4));
    }


    @Test
    void shouldVisitInAscendingOrder() {
        AvlTree.Node root = null;
        for (int i = 0; i < 500; i++) {
            root = AvlTree.insert(root, record("v" + i));
        }
        List<KeyRecord> seen = new ArrayList<>();
        AvlTree.forEach(root, seen::add);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i - 1).compareTo(seen.get(i)) < 0);
        }
    }
}
