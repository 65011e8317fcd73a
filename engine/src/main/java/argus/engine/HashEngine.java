package argus.engine;

/**
 * The hash-table engine ({@code ENGINE=hash}): the same records as {@link BstEngine}, kept in a
 * purpose-built lock-free open-addressing table ({@link RecordTable}) instead of trees.
 *
 * <p>Request path: probe the table with the request's {@link KeyBuffer} (compare the 64-bit hash,
 * then the bytes), so an existing key costs no allocation and, at the table's load of at most a
 * half, mostly one or two slots; a new key's record is inserted by one CAS of the first null slot of its
 * probe sequence, and that CAS makes the key's only record (I1). A record found dead (evicted under
 * us) stays as a tombstone until the next copy; the lookup skips it.
 *
 * <p>Maintenance: one thread, "argus-evict", kills forgettable records by CAS every
 * {@code maxAgeMillis} (sooner when the cap refuses a key or nears it); they stay as tombstones
 * until live records and tombstones fill half the table, or an insert finds it crowded.
 * Then it copies the table: makes the successor (sized for four times the live keys), seals the
 * old table's null slots, copies the live records and publishes the successor with one volatile
 * write; an insert that finds the table badly crowded makes the successor
 * itself rather than wait (see {@link RecordTable}), and an insert into a table that grows wakes
 * the thread, which copies it at once in one pass that also evicts (not at its next tick, after an
 * eviction pass of its own: meanwhile every insert takes the slower path through sealed slots).
 * The swap policy's depth and annex rules do not apply here.
 */
public final class HashEngine extends AbstractEngine {

    private volatile RecordTable table = new RecordTable(RecordTable.capacityFor(0));
    /** {@link KeyBudget#created()} when the last pass began: new keys since count for the CHURN rule. */
    private volatile long createdAtPass;
    /** Dead records left in the current table since its copy; evict thread only, read by {@link #due}. */
    private volatile long tombstones;

    public HashEngine(Clock clock, EngineConfig config, RebuildListener listener) {
        super(clock, config, listener, "argus-evict");
        startMaintenance(); // last: the fields above are initialised by now
    }

    @Override
    KeyRecord find(long hash, KeyBuffer key) {
        return table.find(hash, key);
    }

    @Override
    KeyRecord store(long hash, KeyBuffer key, KeyRecord fresh) {
        RecordTable t = table;
        KeyRecord record = t.insert(hash, key, fresh);
        if (t.next != null || t.crowded) {
            wake(); // the table grows: copy it now, not at the next tick
        }
        return record;
    }

    @Override
    SwapPolicy.Reason due(long sinceMillis) {
        RecordTable t = table;
        if (t.next != null || t.crowded || outgrown(t)) {
            return SwapPolicy.Reason.GROWTH; // at once: a table must grow before it fills
        }
        SwapPolicy policy = config.policy();
        if (sinceMillis < policy.minIntervalMillis()) {
            return null;
        }
        if (budget.refusedSinceLastCheck() || budget.live() >= policy.pressureShare() * budget.max()) {
            return SwapPolicy.Reason.PRESSURE;
        }
        // Measured (wrk random keys, 12 s): reclaiming only every maxAgeMillis (5 s) kept some 400 k
        // expired records reachable, survivors overflowed at every young GC and RSS grew to 108-120 MB;
        // passes after this many new keys (REBUILD_MAX_AGE_MS=200 as a stand-in): survivors 1.4-2.7 MB,
        // RSS 77-81 MB, and more req/s (97 k vs 78-80 k).
        long newKeys = Math.max(0, budget.created() - createdAtPass);
        if (newKeys > Math.max(policy.annexMin(), policy.annexShare() * budget.live())) {
            return SwapPolicy.Reason.CHURN;
        }
        return budget.live() > 0 && sinceMillis >= policy.maxAgeMillis() ? SwapPolicy.Reason.AGE : null;
    }

    @Override
    long maintain(SwapPolicy.Reason reason) {
        budget.clearRefused();
        createdAtPass = budget.created(); // keys created from here on count towards the next pass
        long now = clock.nanos();
        long[] dropped = {0};
        // A growing table is copied at full speed: inserts meanwhile go to the successor's slots.
        Pacer pacer = reason == SwapPolicy.Reason.GROWTH ? new Pacer(1) : pacerFor(reason, budget.live());
        RecordTable retiring = table;
        if (reason != SwapPolicy.Reason.GROWTH) {
            // First evict, so that a successor is sized for the keys that stay.
            retiring.forEach(record -> {
                pacer.step();
                if (record.killIfForgettable(now)) {
                    budget.release();
                    dropped[0]++;
                }
            });
            tombstones += dropped[0];
            if (reason != SwapPolicy.Reason.FORCED && retiring.next == null && !retiring.crowded && !outgrown(retiring)) {
                return dropped[0]; // the dead stay as tombstones: a copy is due only once they and the live fill half the table
            }
        }
        // The copy evicts as it goes: a growing table is copied in this one pass over its records.
        RecordTable successor = retiring.successor(RecordTable.capacityFor(budget.live()));
        retiring.seal(record -> {
            pacer.step();
            if (record.killIfForgettable(now)) {
                budget.release();
                dropped[0]++;
            } else if (!record.isDead()) {
                successor.copyIn(record);
            }
        });
        table = successor; // one volatile write: the copy with every live record
        tombstones = 0;
        return dropped[0];
    }

    /** Whether live records and tombstones fill more than half of {@code t}: time to copy it. */
    private boolean outgrown(RecordTable t) {
        return (budget.live() + tombstones) * 2 > t.capacity();
    }

    /** Sweeps and copies the table on the eviction thread now, and waits; for tests and admin tools. */
    public void forceSweep() {
        runNow();
    }

    /** Slots of the current table; for tests of growth. */
    int capacity() {
        return table.capacity();
    }
}
