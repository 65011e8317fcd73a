package argus.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The hash engine's table, slot by slot: probing, tombstones, growth through sealed slots, copies. */
class RecordTableTest {

    /** Keys whose hashes all share one home slot (low bits 7), so they probe past each other. */
    private static long collidingHash(int i) {
        return ((long) i << 32) | 7;
    }

    private static KeyRecord record(String key, long hash) {
        return KeyRecord.fresh(Algorithm.TOKEN_BUCKET, KeyBuffer.of(key), hash);
    }

    @Test
    void shouldFindWhatWasInsertedPastCollisionsAndKeepTheFirstRecordOfAKey() {
        RecordTable table = new RecordTable(1024);
        for (int i = 0; i < 50; i++) {
            KeyRecord r = record("k" + i, collidingHash(i));
            assertSame(r, table.insert(r.hash, KeyBuffer.of("k" + i), r));
        }
        for (int i = 0; i < 50; i++) {
            KeyRecord found = table.find(collidingHash(i), KeyBuffer.of("k" + i));
            assertNotNull(found, "k" + i);
            KeyRecord rival = record("k" + i, collidingHash(i));
            assertSame(found, table.insert(rival.hash, KeyBuffer.of("k" + i), rival), "the first record stays");
        }
        assertNull(table.find(collidingHash(99), KeyBuffer.of("k99")));
        assertNull(table.find(collidingHash(3), KeyBuffer.of("other bytes, same hash")));
    }

    @Test
    void shouldSkipADeadRecordAndTakeTheKeysNewOne() {
        RecordTable table = new RecordTable(1024);
        KeyRecord old = record("k", 42);
        table.insert(42, KeyBuffer.of("k"), old);
        assertTrue(old.killIfForgettable(Long.MAX_VALUE));
        assertNull(table.find(42, KeyBuffer.of("k")), "a tombstone is not found");
        KeyRecord fresh = record("k", 42);
        assertSame(fresh, table.insert(42, KeyBuffer.of("k"), fresh));
        assertSame(fresh, table.find(42, KeyBuffer.of("k")));
    }

    /**
     * Once a successor exists, a key goes there through a sealed slot of the old table, so a reader
     * still holding the old table finds it, and no insert into the old table can follow it.
     */
    @Test
    void shouldSendInsertsToTheSuccessorThroughSealedSlots() {
        RecordTable old = new RecordTable(1024);
        KeyRecord before = record("before", collidingHash(1));
        old.insert(before.hash, KeyBuffer.of("before"), before);
        RecordTable successor = old.successor(4096);
        KeyRecord after = record("after", collidingHash(2));
        assertSame(after, old.insert(after.hash, KeyBuffer.of("after"), after));
        assertSame(after, old.find(after.hash, KeyBuffer.of("after")), "found through the old table");
        assertSame(after, successor.find(after.hash, KeyBuffer.of("after")), "stored in the successor");
        assertNull(successor.find(before.hash, KeyBuffer.of("before")), "not copied yet");
        KeyRecord rival = record("after", collidingHash(2));
        assertSame(after, old.insert(rival.hash, KeyBuffer.of("after"), rival), "one record per key");
    }

    @Test
    void shouldCopyTheLiveRecordsAndDropTheDeadOnes() {
        RecordTable old = new RecordTable(1024);
        for (int i = 0; i < 100; i++) {
            KeyRecord r = record("k" + i, collidingHash(i));
            old.insert(r.hash, KeyBuffer.of("k" + i), r);
        }
        assertTrue(old.find(collidingHash(5), KeyBuffer.of("k5")).killIfForgettable(Long.MAX_VALUE));
        RecordTable successor = old.successor(1024);
        old.seal(r -> {
            if (!r.isDead()) {
                successor.copyIn(r);
            }
        });
        for (int i = 0; i < 100; i++) {
            KeyRecord viaOld = old.find(collidingHash(i), KeyBuffer.of("k" + i));
            KeyRecord viaNew = successor.find(collidingHash(i), KeyBuffer.of("k" + i));
            if (i == 5) {
                assertNull(viaNew);
            } else {
                assertNotNull(viaNew, "k" + i);
                assertSame(viaOld, viaNew, "the same record, not a copy of its state");
            }
        }
        KeyRecord late = record("late", collidingHash(500));
        assertSame(late, old.insert(late.hash, KeyBuffer.of("late"), late), "a sealed table still forwards");
        assertSame(late, successor.find(late.hash, KeyBuffer.of("late")));
    }

    /**
     * A table whose every slot holds a record, none of them crowded on the way in (each at its own
     * home slot): a lookup of an absent key must end, and an insert must go on in a successor.
     */
    @Test
    void shouldNeitherLoopNorLoseKeysOnAFullTable() {
        RecordTable table = new RecordTable(1024);
        for (int i = 0; i < 1024; i++) {
            KeyRecord r = record("f" + i, i);
            assertSame(r, table.insert(r.hash, KeyBuffer.of("f" + i), r));
        }
        assertNull(table.next, "no insert probed: nobody asked for a successor");
        assertNull(table.find(5000, KeyBuffer.of("absent")), "a full table without a successor holds no more keys");
        KeyRecord late = record("late", 3);
        assertSame(late, table.insert(3, KeyBuffer.of("late"), late));
        assertNotNull(table.next, "the full table made its successor");
        assertSame(late, table.find(3, KeyBuffer.of("late")));
        for (int i = 0; i < 1024; i++) {
            assertNotNull(table.find(i, KeyBuffer.of("f" + i)), "f" + i);
        }
    }

    @Test
    void shouldMakeItsOwnSuccessorWhenBadlyCrowded() {
        RecordTable table = new RecordTable(1024);
        for (int i = 0; i < 600; i++) {
            KeyRecord r = record("c" + i, collidingHash(i));
            assertNotSame(null, table.insert(r.hash, KeyBuffer.of("c" + i), r));
        }
        assertTrue(table.crowded, "long probes flag the table");
        assertNotNull(table.next, "past half full, an insert makes the successor instead of waiting");
        for (int i = 0; i < 600; i++) {
            assertNotNull(table.find(collidingHash(i), KeyBuffer.of("c" + i)), "c" + i);
        }
        assertFalse(table.capacity() >= table.next.capacity());
    }
}
