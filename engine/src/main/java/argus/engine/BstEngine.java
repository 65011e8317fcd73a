package argus.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The tree engine: requests are served from a concurrent BST; a dedicated thread keeps a
 * balanced shadow AVL tree and swaps it in.
 *
 * <h2>Design notes</h2>
 *
 * <p>Structure. The published {@link View} holds a <em>frozen</em> tree, an immutable
 * persistent AVL tree ({@link AvlTree}) holding every key known at the last rebuild, with a
 * {@link FrozenFilter} of that tree's key hashes, and an <em>annex</em> ({@link Annex}) that takes
 * keys created since: an array of buckets chosen by the top bits of the key's hash, each an
 * insert-only lock-free BST whose nodes are the records themselves, sized by the rebuild for the
 * keys expected before the next one, so a lookup in it touches the bucket's root and a record or
 * two. Both structures hold pointers to shared {@link KeyRecord}s; a record is the only place a
 * key's bucket state lives, and it is updated by CAS only.
 *
 * <p>Request path (any thread, never blocks). Unless the filter rules the key out, walk the frozen
 * tree (plain reads of final fields); if the key is absent or its record is dead, walk the key's
 * bucket in the annex chain: the key's record is returned; a {@code null} slot takes a new record
 * by CAS; a {@code SEALED} slot, or a dead record, sends the walk on to the annex's successor; a
 * {@code RETIRED} link (below) starts the lookup over from the current view. Then CAS the record's
 * state. A CAS that meets the record's {@code DEAD} state
 * restarts the whole lookup from the current view. A new key is first looked up ({@link #find})
 * and only inserted ({@link #store}) if the request changes a fresh record (0 < hits <= capacity); the lookup
 * that missed leaves the empty slot it ended in with the caller's {@link KeyBuffer}, and the
 * insert resumes there, so a new key costs one walk, not two. Most new keys also skip the frozen
 * tree: the filter says no for all but a few percent of absent keys, one memory access instead of
 * a cache miss per level.
 *
 * <p>Rebuild (one thread, "argus-rebuild"): (1) create an empty annex, sized for the keys the swap
 * policy lets in before the next rebuild, and set it as the current annex's successor; (2) seal
 * the current annex in key order (bucket by bucket: buckets follow the hash order), collecting its
 * records; (3) mark every record that can be forgotten {@code DEAD} by CAS, in the annex and in
 * the frozen tree, adding the hash of every record kept to a new filter; (4) make the shadow: with
 * few changes, path-copying inserts and deletes on the frozen root (the published tree stays
 * intact), with many, a balanced tree built from the merged key order; (5) publish (shadow, its
 * filter, new annex) with one volatile write; (6) point the sealed annexes' successor at
 * {@link Annex#RESTART}, whose slots are all {@code RETIRED}: a walk still in them starts over from
 * the view just published, which holds their live records, and a sealed annex never keeps a later
 * one reachable (promoted to the old generation, it would keep every later annex and its records
 * alive through young collections). Step (3) also retires the annex links of the frozen
 * tree's records (their annex was sealed before the view being replaced was published), so a
 * record that lives on does not keep the records once below it reachable, the dead ones included:
 * the garbage of an annex is free one rebuild after its seal. No request waits for any of this (I3); readers see
 * the old view or the new one, both complete trees (I4). The scans are paced to a duty cycle
 * ({@link Pacer}) so they cost request threads little memory bandwidth, unless new keys are piling
 * up in a tree of moderate size or the key cap is near ({@link AbstractEngine#pacerFor}). New keys reach the rebuild
 * through the sealed annex itself, so no hand-off queue is needed.
 *
 * <p>Why one key never has two records (I1). A record is created only in an annex slot the
 * walk reached because the key is not in the frozen tree (or is dead there) and not earlier in
 * the annex chain (or is dead there). Sealing and inserting CAS the same slots, so every annex
 * node is seen by the seal and folded into the shadow before the shadow is published; and a key
 * reaches the successor annex only through a sealed slot or a dead record, both of which mean
 * the shadow will not hold it alive. A walk that meets {@code RETIRED} is in an annex sealed before
 * the view it started from was replaced; every record of that annex is in a published frozen tree
 * or dead, so looking the key up again from the current view finds what the walk would have, or
 * goes on to an annex where the key may be created. Records are killed only once they can be forgotten (bucket
 * full, window over), exactly the state a new record starts in, so eviction never gives a client
 * extra admissions (I2). A rebuild that fails half-way leaves its annexes chained; the next one
 * seals them all and applies deletions before insertions, so a key both dropped (dead) and re-added
 * keeps its new record.
 *
 * <p>Why the shortcuts keep I1 and I4. The filter has no false negatives for its own tree: the
 * rebuild adds every key of the new tree to a new filter before one volatile write publishes
 * both in one view, so a reader holds a tree and the filter made for it, never another's (I4),
 * and a "no" is exactly what the walk down that tree would have found. A resumed insert is a walk
 * that paused: annex nodes never move and a slot changes once, from null to a node or to
 * {@code SEALED}, so what the resumed walk meets is what an uninterrupted walk would meet had it
 * reached the slot late; losing the CAS of a slot already resumes the same way. If another thread
 * created the key meanwhile in that annex, it did so in the same bucket at or below the slot (the
 * path to a key's place is fixed by the nodes above it, which never change), where the walk finds
 * it; if a rebuild sealed the slot, the walk goes on to the successor annex as any walk would. The
 * insert resumes only while the view the lookup saw is still the current one (otherwise it walks
 * afresh), which the argument does not need but keeps the resumption easy to see correct; and the
 * slot is dropped from the buffer when the acquire ends, so it never pins a retired view.
 *
 * <p>Memory (I5). Live records are counted; a new key past {@code maxKeys} is refused with
 * {@link Outcome#FULL} and flags the policy to rebuild (which evicts expired records) at its next
 * tick. Existing keys keep working when the cap is reached.
 */
public final class BstEngine extends AbstractEngine {

    static final class View {
        final AvlTree.Node frozen;
        final long frozenSize;
        /** Holds the hash of every key in {@link #frozen}. */
        final FrozenFilter filter;
        final Annex annex;

        View(AvlTree.Node frozen, long frozenSize, FrozenFilter filter, Annex annex) {
            this.frozen = frozen;
            this.frozenSize = frozenSize;
            this.filter = filter;
            this.annex = annex;
        }
    }

    /** One request in 64 reports its search depth to the swap policy. */
    private static final int DEPTH_SAMPLE_MASK = 63;

    private volatile View view = new View(null, 0, FrozenFilter.EMPTY, new Annex(config.policy().annexMin()));
    /** {@link KeyBudget#created()} when the last rebuild began: the keys created since are in the annex. */
    private volatile long createdAtRebuild;
    private final LongAdder depthSum = new LongAdder();
    private final LongAdder depthSamples = new LongAdder();
    /** Average depth sampled before the last rebuild; written by the rebuild thread. */
    private volatile double lastAverageDepth;

    public BstEngine(Clock clock, EngineConfig config, RebuildListener listener) {
        super(clock, config, listener, "argus-rebuild");
        startMaintenance(); // last: the fields above are initialised by now
    }

    @Override
    KeyRecord find(long hash, KeyBuffer key) {
        KeyRecord record;
        do {
            record = locate(hash, key, null);
        } while (record == Annex.RETIRED);
        return record;
    }

    @Override
    KeyRecord store(long hash, KeyBuffer key, KeyRecord fresh) {
        View v = view;
        KeyRecord record = key.missView == v // find missed in this very view: resume from its empty slot
                ? walkAnnex(v, key.missAnnex, key.missParent, key.missLeft, key.missDepth, hash, key, fresh)
                : Annex.RETIRED;
        while (record == Annex.RETIRED) {
            record = locate(hash, key, fresh);
        }
        return record;
    }

    /**
     * The key's live record; if there is none, null (leaving in {@code key} the empty annex slot
     * where the walk ended), or with {@code insert} given, that record once it is in the annex; or
     * {@link Annex#RETIRED} if the walk must start over from the current view.
     */
    private KeyRecord locate(long hash, KeyBuffer key, KeyRecord insert) {
        View v = view;
        int depth = 0;
        AvlTree.Node n = v.filter.mightContain(hash) ? v.frozen : null; // most new keys skip the tree
        while (n != null) {
            depth++;
            int c = Long.compare(hash, n.hash);
            if (c == 0) {
                c = key.compareTo(n.record);
                if (c == 0) {
                    if (!n.record.isDead()) {
                        sampleDepth(depth);
                        return n.record;
                    }
                    break;
                }
            }
            n = c < 0 ? n.left : n.right;
        }
        return walkAnnex(v, v.annex, null, false, depth, hash, key, insert);
    }

    /**
     * The annex part of {@link #locate}, from the slot {@code (parent, left)} of {@code annex}
     * (its root when {@code parent} is null) on. Annex nodes never move and a slot changes only
     * once, from null, so a walk may resume from any slot it saw empty: that is what an insert does
     * after losing a CAS, and what {@link #store} does with the slot {@link #find} missed in.
     */
    private KeyRecord walkAnnex(View v, Annex annex, KeyRecord parent, boolean left, int depth, long hash,
                                KeyBuffer key, KeyRecord insert) {
        KeyRecord cur = Annex.slot(annex, hash, parent, left);
        while (true) {
            if (cur == Annex.SEALED) {
                annex = annex.successor;
                parent = null;
                cur = annex.root(hash);
                continue;
            }
            if (cur == Annex.RETIRED) {
                return Annex.RETIRED; // an annex sealed before the current view: its live records are in a frozen tree
            }
            if (cur == null) {
                if (insert == null) {
                    key.missedAt(v, annex, parent, left, depth);
                    return null;
                }
                boolean inserted = parent == null
                        ? annex.casRoot(hash, null, insert)
                        : Annex.casChild(parent, left, null, insert);
                if (inserted) {
                    sampleDepth(depth);
                    return insert;
                }
                cur = Annex.slot(annex, hash, parent, left);
                continue;
            }
            depth++;
            int c = Long.compare(hash, cur.hash);
            if (c == 0) {
                c = key.compareTo(cur);
                if (c == 0) {
                    if (cur.isDead()) {
                        annex = annex.successor; // set before any record of this annex was killed
                        parent = null;
                        cur = annex.root(hash);
                        continue;
                    }
                    sampleDepth(depth);
                    return cur;
                }
            }
            parent = cur;
            left = c < 0;
            cur = left ? cur.left : cur.right;
        }
    }

    private void sampleDepth(int depth) {
        if ((ThreadLocalRandom.current().nextInt() & DEPTH_SAMPLE_MASK) == 0) {
            depthSum.add(depth);
            depthSamples.increment();
        }
    }

    @Override
    SwapPolicy.Reason due(long sinceMillis) {
        View v = view;
        return config.policy().decide(budget.live(), config.maxKeys(), v.frozenSize, annexInserts(),
                depthSamples.sum(), depthSum.sum(), budget.refusedSinceLastCheck(), sinceMillis);
    }

    /**
     * Runs a rebuild on the rebuild thread now and waits for it; for tests and admin tools,
     * never for an event loop.
     */
    public void forceRebuild() {
        runNow();
    }

    @Override
    long maintain(SwapPolicy.Reason reason) {
        View v = view;
        long created = budget.created();
        long inserted = Math.max(0, created - createdAtRebuild);
        createdAtRebuild = created; // keys created from here on count towards the next rebuild
        Annex next = new Annex(expectedAnnexKeys(v.frozenSize + inserted));
        // A rebuild that failed half-way leaves a chain of annexes: seal all of them.
        List<Annex> retiring = new ArrayList<>();
        for (Annex a = v.annex; a != null; a = a.successor) {
            retiring.add(a);
        }
        retiring.get(retiring.size() - 1).successor = next; // volatile: set before the first SEALED slot
        budget.clearRefused();
        long samples = depthSamples.sumThenReset();
        long sum = depthSum.sumThenReset();

        long now = clock.nanos();
        // Seal the annexes, keeping their live records in key order.
        // Sized for the inserts counted so far: growing it by copies made the rebuild's garbage under a key flood.
        List<KeyRecord> added = new ArrayList<>((int) Math.min(inserted + 16, Integer.MAX_VALUE - 8));
        long[] expiredInAnnex = {0};
        Pacer pacer = pacerFor(reason, v.frozenSize + inserted);
        for (Annex a : retiring) {
            a.seal(record -> {
                pacer.step();
                if (record.killIfForgettable(now)) {
                    budget.release();
                    expiredInAnnex[0]++; // evicted as much as a frozen record: counted the same
                } else if (!record.isDead()) {
                    added.add(record);
                }
            });
        }
        if (retiring.size() > 1) {
            added.sort(KeyRecord::compareTo); // several annexes only after a failed rebuild
        }
        // Kill what the frozen tree holds that can be forgotten; what it keeps, and what the annexes
        // added, goes into the new tree and its filter: every key of the new tree is in the filter.
        FrozenFilter filter = FrozenFilter.forKeys(v.frozenSize + added.size());
        added.forEach(record -> filter.add(record.hash));
        // The frozen records to delete from it, listed only while the changes are few enough for
        // path-copying: a balanced build skips dead records by itself, and under a key flood the
        // list would be as long as the tree (7 % of the allocation under pipelined random keys).
        List<KeyRecord> dropped = new ArrayList<>();
        long droppedCount = 0;
        long kept = 0;
        AvlTree.InOrder frozenRecords = new AvlTree.InOrder(v.frozen);
        for (KeyRecord record = frozenRecords.next(); record != null; record = frozenRecords.next()) {
            pacer.step();
            Annex.retire(record); // its annex was sealed a rebuild ago: no walk needs its links any more
            if (!record.isDead()) { // a dead one was killed by a rebuild that failed before publishing
                if (!record.killIfForgettable(now)) {
                    filter.add(record.hash);
                    kept++;
                    continue;
                }
                budget.release();
            }
            droppedCount++;
            if (dropped != null) {
                if (manyChanges(added.size() + droppedCount, v.frozenSize)) {
                    dropped = null; // a balanced build after all: changes only grow
                } else {
                    dropped.add(record);
                }
            }
        }
        // Counted, not derived from the last size: only this thread kills records, so the build
        // below takes exactly these, and a miscount could not outlive one rebuild.
        long size = kept + added.size();
        AvlTree.Node root;
        if (dropped == null || manyChanges(added.size() + droppedCount, v.frozenSize)) {
            // Many changes: one node per key beats log2(n) copied nodes per change.
            Supplier<KeyRecord> merged = merged(v.frozen, added, pacer);
            root = AvlTree.build(merged, Math.toIntExact(size));
            if (merged.get() != null) {
                throw new IllegalStateException("more live records than counted, " + size);
            }
        } else {
            root = v.frozen;
            // Deletions first: after a failed rebuild a key can be dropped (dead) and added
            // (its new record) in the same run, and insert would keep the dead one.
            for (KeyRecord record : dropped) {
                root = AvlTree.delete(root, record);
            }
            for (KeyRecord record : added) {
                root = AvlTree.insert(root, record);
            }
        }
        view = new View(root, size, filter, next); // the swap: one volatile write publishes a complete tree
        // Unchain the sealed annexes from the new one. Measured (wrk random keys, SerialGC, 8 MB eden):
        // once one sealed annex had been promoted, its successor link kept every later annex and its
        // records alive through young collections; survivors overflowed (4 MB of age 1 instead of
        // 0.6-1.2 MB), everything was promoted and a full collection ran every ~3 s, RSS +10 MB.
        // Their records are in the published tree or dead, so a walk still in them may start over.
        for (Annex a : retiring) {
            a.successor = Annex.RESTART;
        }

        lastAverageDepth = samples == 0 ? 0 : (double) sum / samples;
        return droppedCount + expiredInAnnex[0];
    }

    /** Keys created since the last rebuild began: the annex's, give or take those created during the rebuild. */
    private long annexInserts() {
        return Math.max(0, budget.created() - createdAtRebuild);
    }

    /** The keys the annex of a tree of {@code size} keys takes before the swap policy rebuilds for their number. */
    private long expectedAnnexKeys(long size) {
        SwapPolicy policy = config.policy();
        return Math.max(policy.annexMin(), (long) (policy.annexShare() * size));
    }

    /** Whether {@code changes} to a tree of {@code frozenSize} keys call for a balanced build rather than path-copying. */
    private static boolean manyChanges(long changes, long frozenSize) {
        return changes * (64 - Long.numberOfLeadingZeros(frozenSize + 1)) > frozenSize;
    }

    /**
     * The live records of {@code frozen} and {@code added} (both in key order, disjoint), merged in
     * key order, one per call; null after the last.
     */
    private static Supplier<KeyRecord> merged(AvlTree.Node frozen, List<KeyRecord> added, Pacer pacer) {
        AvlTree.InOrder frozenRecords = new AvlTree.InOrder(frozen);
        return new Supplier<>() {
            private KeyRecord nextFrozen = nextLive();
            private int nextAdded;

            private KeyRecord nextLive() {
                for (KeyRecord r = frozenRecords.next(); r != null; r = frozenRecords.next()) {
                    pacer.step();
                    if (!r.isDead()) {
                        return r;
                    }
                }
                return null;
            }

            @Override
            public KeyRecord get() {
                if (nextAdded < added.size()
                        && (nextFrozen == null || added.get(nextAdded).compareTo(nextFrozen) < 0)) {
                    return added.get(nextAdded++);
                }
                KeyRecord r = nextFrozen;
                if (r != null) {
                    nextFrozen = nextLive();
                }
                return r;
            }
        };
    }

    @Override
    double averageDepth() {
        long samples = depthSamples.sum();
        return samples == 0 ? lastAverageDepth : (double) depthSum.sum() / samples;
    }

    /** Whether the current frozen tree's filter lets {@code hash} walk the tree; for tests. */
    boolean filterMightContain(long hash) {
        return view.filter.mightContain(hash);
    }

    /** Height of the frozen tree; for tests of the balance guarantee. */
    int frozenHeight() {
        return AvlTree.height(view.frozen);
    }
}
