package argus.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The hash engine's table: open addressing with linear probing over an array of records, insert
 * only. A slot changes once, from null to a record (by CAS) or to {@link #SEALED}; dead records
 * stay as tombstones until the table is copied. So a key's live record always lies before the
 * first null or sealed slot of its probe sequence, and a lookup is a plain walk to that slot.
 *
 * <p>Growth: a successor table is set in {@link #next} (by the maintenance thread, or by a request
 * thread that found the table crowded: allocating is all it does, it never waits), and from then
 * on a null slot is never filled again: whoever meets one seals it by CAS and goes on in the
 * successor. The maintenance thread seals the remaining null slots and copies the live records
 * into the successor, then publishes it. This is the annex's argument again (see
 * {@link BstEngine}): an insert into the successor passed the sealed slot where the key would
 * have been inserted here, so the key is not here, and sealing and inserting race on the same
 * slot by CAS.
 */
final class RecordTable {

    /** A slot that takes no more records: continue in {@link #next}. */
    static final Object SEALED = new Object();
    /** Probes after which an insert asks for a bigger table. */
    static final int CROWDED = 16;
    /** Probes after which an insert makes the bigger table itself, however full the table looks. */
    static final int OVERCROWDED = 256;
    private static final int MAX_CAPACITY = 1 << 30;

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle NEXT;

    static {
        try {
            NEXT = MethodHandles.lookup().findVarHandle(RecordTable.class, "next", RecordTable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object[] slots;
    private final int mask;
    /** Where inserts go once this table grows; set once. */
    volatile RecordTable next;
    /** Set by an insert that probed {@link #CROWDED} slots: the maintenance thread should grow the table. */
    volatile boolean crowded;

    RecordTable(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        this.slots = new Object[capacity];
        this.mask = capacity - 1;
    }

    /**
     * A power-of-two capacity that holds {@code keys} at a load of at most a quarter (the table is
     * copied again at a half). A sparser table made lookups slower, not faster: at 8 slots per key
     * (copied at a quarter) the slot array outgrew the caches first, and the hash engine read 10-30 %
     * fewer existing keys a second at 100 k and 1 M keys (JMH, 3 alternated rounds, uniform and Zipf),
     * at the same speed on new keys; it also took 17 B more heap per key at 1 M keys.
     */
    static int capacityFor(long keys) {
        long wanted = Math.max(1024, 4 * keys);
        return wanted >= MAX_CAPACITY ? MAX_CAPACITY : Integer.highestOneBit((int) wanted - 1) << 1;
    }

    int capacity() {
        return slots.length;
    }

    private int home(long hash) {
        return (int) hash & mask;
    }

    /** The key's live record in this table or its successors, or null. */
    KeyRecord find(long hash, KeyBuffer key) {
        RecordTable t = this;
        int i = t.home(hash);
        int probes = 0;
        while (true) {
            Object o = SLOTS.getAcquire(t.slots, i);
            if (o == null) {
                return null;
            }
            if (o == SEALED) {
                t = t.next;
                i = t.home(hash);
                probes = 0;
                continue;
            }
            KeyRecord r = (KeyRecord) o;
            if (holds(r, hash, key)) {
                return r;
            }
            i = (i + 1) & t.mask;
            if (++probes > t.mask) {
                // Every slot holds a record: a full table takes no more, so the key can only be in a successor.
                t = t.next;
                if (t == null) {
                    return null;
                }
                i = t.home(hash);
                probes = 0;
            }
        }
    }

    /** Whether {@code r} is the live record of the key. */
    private static boolean holds(KeyRecord r, long hash, KeyBuffer key) {
        return r.hash == hash && !r.isDead() && key.matches(r);
    }

    /** Inserts {@code fresh} unless the key has a live record; returns whichever record holds the key. */
    KeyRecord insert(long hash, KeyBuffer key, KeyRecord fresh) {
        RecordTable t = this;
        int i = t.home(hash);
        int probes = 0;
        while (true) {
            Object o = SLOTS.getAcquire(t.slots, i);
            if (o == null) {
                RecordTable successor = t.next;
                Object replacement = successor == null ? fresh : SEALED;
                if (!SLOTS.compareAndSet(t.slots, i, null, replacement)) {
                    continue; // filled or sealed meanwhile: look again
                }
                if (successor == null) {
                    if (probes >= CROWDED) {
                        t.grow(probes);
                    }
                    return fresh;
                }
                o = SEALED; // this table grows: the key goes on in the successor
            }
            if (o == SEALED) {
                t = t.next;
                i = t.home(hash);
                probes = 0;
                continue;
            }
            KeyRecord r = (KeyRecord) o;
            if (holds(r, hash, key)) {
                return r;
            }
            i = (i + 1) & t.mask;
            if (++probes > t.mask) {
                t = t.grownFull(); // a full table takes no more records: the key goes on in the successor
                i = t.home(hash);
                probes = 0;
            }
        }
    }

    /**
     * Asks for a bigger table: allocates a successor now if this one is badly crowded (an insert
     * may not wait for the maintenance thread, and a full table would have no slot left to seal),
     * else flags it for the maintenance thread.
     */
    private void grow(int probes) {
        boolean first = !crowded;
        crowded = true;
        if (next == null && (probes >= OVERCROWDED || first && used() * 2 > slots.length)) {
            makeSuccessor();
        }
    }

    /** The successor of a table with no null slot left, made now if need be. */
    private RecordTable grownFull() {
        crowded = true;
        makeSuccessor();
        RecordTable successor = next;
        if (successor == null) {
            throw new IllegalStateException("hash table full at its largest size, " + slots.length + " slots");
        }
        return successor;
    }

    private void makeSuccessor() {
        if (next == null && slots.length < MAX_CAPACITY) {
            NEXT.compareAndSet(this, null, new RecordTable(Math.min(MAX_CAPACITY, slots.length << 2)));
        }
    }

    /** Occupied slots, by a scan; for the growth decision of a crowded table (rare). */
    private int used() {
        int used = 0;
        for (int i = 0; i < slots.length; i += 64) {
            if (SLOTS.getAcquire(slots, i) != null) {
                used++;
            }
        }
        return used * 64;
    }

    /** Every record in this table, dead ones too, in slot order; maintenance thread only. */
    void forEach(java.util.function.Consumer<KeyRecord> visitor) {
        for (int i = 0; i < slots.length; i++) {
            Object o = SLOTS.getAcquire(slots, i);
            if (o != null && o != SEALED) {
                visitor.accept((KeyRecord) o);
            }
        }
    }

    /** The successor, made with {@code capacity} slots if there is none yet. Maintenance thread. */
    RecordTable successor(int capacity) {
        NEXT.compareAndSet(this, null, new RecordTable(capacity));
        return next;
    }

    /**
     * Seals every null slot and hands each record here (dead ones too) to {@code sink}, in slot
     * order. Maintenance thread only, after {@link #successor}.
     */
    void seal(java.util.function.Consumer<KeyRecord> sink) {
        for (int i = 0; i < slots.length; i++) {
            Object o = SLOTS.getAcquire(slots, i);
            if (o == null && SLOTS.compareAndSet(slots, i, null, SEALED)) {
                continue;
            }
            o = SLOTS.getAcquire(slots, i);
            if (o != SEALED) {
                sink.accept((KeyRecord) o);
            }
        }
    }

    /**
     * Puts a live record of the table being retired into this one, or into its successor if this
     * one grows already. No live record of the same key can be here: it would have been inserted
     * past a sealed slot of the retired table that lies before this record's slot.
     */
    void copyIn(KeyRecord record) {
        RecordTable t = this;
        int i = t.home(record.hash);
        int probes = 0;
        while (true) {
            Object o = SLOTS.getAcquire(t.slots, i);
            if (o == null) {
                Object replacement = t.next == null ? record : SEALED;
                if (!SLOTS.compareAndSet(t.slots, i, null, replacement)) {
                    continue;
                }
                if (replacement == record) {
                    return;
                }
                o = SEALED;
            }
            if (o == SEALED) {
                t = t.next;
                i = t.home(record.hash);
                probes = 0;
                continue;
            }
            i = (i + 1) & t.mask;
            if (++probes > t.mask) {
                t = t.grownFull();
                i = t.home(record.hash);
                probes = 0;
            }
        }
    }
}
