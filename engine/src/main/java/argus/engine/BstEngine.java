package argus.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The tree engine: requests are served from a concurrent BST; a dedicated thread keeps a
 * balanced shadow AVL tree and swaps it in.
 *
 * <h2>Design notes</h2>
 *
 * <p>Structure. The published {@link View} is a pair: a <em>frozen</em> tree, an immutable
 * persistent AVL tree ({@link AvlTree}) holding every key known at the last rebuild, and an
 * <em>annex</em> ({@link Annex}), an insert-only lock-free BST that takes keys created since.
 * Both hold pointers to shared {@link KeyRecord}s; a record is the only place a key's bucket state
 * lives, and it is updated by CAS only.
 *
 * <p>Request path (any thread, never blocks). Walk the frozen tree (plain reads of final fields);
 * if the key is absent or its record is dead, walk the annex chain: a node with the key returns
 * its record; a {@code null} slot takes a new record by CAS; a {@code SEALED} slot, or a dead
 * record, sends the walk on to the annex's successor. Then CAS the record's state. A CAS that
 * meets the record's {@code DEAD} state restarts the whole lookup from the current view.
 *
 * <p>Rebuild (one thread, "argus-rebuild"): (1) create an empty annex and set it as the current
 * annex's successor; (2) seal the current annex in key order, collecting its records; (3) mark
 * every record that can be forgotten {@code DEAD} by CAS, in the annex and in the frozen tree;
 * (4) make the shadow: with few changes, path-copying inserts and deletes on the frozen root
 * (the published tree stays intact), with many, a balanced tree built from the merged key order;
 * (5) publish (shadow, new annex) with one volatile write. No request waits for any of this (I3);
 * readers see the old view or the new one, both complete trees (I4). The scans are paced to a
 * duty cycle ({@link Pacer}) so they cost request threads little memory bandwidth. New keys reach
 * the rebuild through the sealed annex itself, so no hand-off queue is needed.
 *
 * <p>Why one key never has two records (I1). A record is created only in an annex slot the
 * walk reached because the key is not in the frozen tree (or is dead there) and not earlier in
 * the annex chain (or is dead there). Sealing and inserting CAS the same slots, so every annex
 * node is seen by the seal and folded into the shadow before the shadow is published; and a key
 * reaches the successor annex only through a sealed slot or a dead record, both of which mean
 * the shadow will not hold it alive. Records are killed only once they can be forgotten (bucket
 * full, window over), exactly the state a new record starts in, so eviction never gives a client
 * extra admissions (I2). A rebuild that fails half-way leaves its annexes chained; the next one
 * seals them all and applies deletions before insertions, so a key both dropped (dead) and re-added
 * keeps its new record.
 *
 * <p>Memory (I5). Live records are counted; a new key past {@code maxKeys} is refused with
 * {@link Outcome#FULL} and flags the policy to rebuild (which evicts expired records) at its next
 * tick. Existing keys keep working when the cap is reached.
 */
public final class BstEngine extends AbstractEngine {

    private static final class View {
        final AvlTree.Node frozen;
        final long frozenSize;
        final Annex annex;

        View(AvlTree.Node frozen, long frozenSize, Annex annex) {
            this.frozen = frozen;
            this.frozenSize = frozenSize;
            this.annex = annex;
        }
    }

    /** One request in 64 reports its search depth to the swap policy. */
    private static final int DEPTH_SAMPLE_MASK = 63;

    private volatile View view = new View(null, 0, new Annex());
    private final LongAdder annexInserts = new LongAdder();
    private final LongAdder depthSum = new LongAdder();
    private final LongAdder depthSamples = new LongAdder();
    /** Average depth sampled before the last rebuild; written by the rebuild thread. */
    private volatile double lastAverageDepth;

    public BstEngine(Clock clock, EngineConfig config, RebuildListener listener) {
        super(clock, config, listener, "argus-rebuild");
    }

    @Override
    KeyRecord find(long hash, KeyBuffer key) {
        return locate(hash, key, null);
    }

    @Override
    KeyRecord store(long hash, KeyBuffer key, KeyRecord fresh) {
        KeyRecord record = locate(hash, key, new Annex.Node(hash, fresh));
        if (record == fresh) {
            annexInserts.increment();
        }
        return record;
    }

    /**
     * The key's live record; if there is none, null, or with {@code insert} given, that node's
     * record once the node is in the annex.
     */
    private KeyRecord locate(long hash, KeyBuffer key, Annex.Node insert) {
        View v = view;
        int depth = 0;
        AvlTree.Node n = v.frozen;
        while (n != null) {
            depth++;
            int c = Long.compare(hash, n.hash);
            if (c == 0) {
                c = key.compareTo(n.record.key);
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
        Annex annex = v.annex;
        walk:
        while (true) {
            Annex.Node parent = null;
            boolean left = false;
            Annex.Node cur = annex.root();
            while (true) {
                if (cur == Annex.SEALED) {
                    annex = annex.successor;
                    continue walk;
                }
                if (cur == null) {
                    if (insert == null) {
                        return null;
                    }
                    boolean inserted = parent == null
                            ? annex.casRoot(null, insert)
                            : Annex.casChild(parent, left, null, insert);
                    if (inserted) {
                        sampleDepth(depth);
                        return insert.record;
                    }
                    cur = parent == null ? annex.root() : left ? parent.left : parent.right;
                    continue;
                }
                depth++;
                int c = Long.compare(hash, cur.hash);
                if (c == 0) {
                    c = key.compareTo(cur.record.key);
                    if (c == 0) {
                        if (cur.record.isDead()) {
                            annex = annex.successor; // set before any record of this annex was killed
                            continue walk;
                        }
                        sampleDepth(depth);
                        return cur.record;
                    }
                }
                parent = cur;
                left = c < 0;
                cur = left ? cur.left : cur.right;
            }
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
        return config.policy().decide(budget.live(), config.maxKeys(), v.frozenSize, annexInserts.sum(),
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
        Annex next = new Annex();
        // A rebuild that failed half-way leaves a chain of annexes: seal all of them.
        List<Annex> retiring = new ArrayList<>();
        for (Annex a = v.annex; a != null; a = a.successor) {
            retiring.add(a);
        }
        retiring.get(retiring.size() - 1).successor = next; // volatile: set before the first SEALED slot
        budget.clearRefused();
        long samples = depthSamples.sumThenReset();
        long sum = depthSum.sumThenReset();
        annexInserts.reset();

        long now = clock.nanos();
        // Seal the annexes, keeping their live records in key order.
        List<KeyRecord> added = new ArrayList<>();
        Pacer pacer = pacerFor(reason);
        for (Annex a : retiring) {
            a.seal(record -> {
                pacer.step();
                if (record.killIfForgettable(now)) {
                    budget.release();
                } else if (!record.isDead()) {
                    added.add(record);
                }
            });
        }
        if (retiring.size() > 1) {
            added.sort(KeyRecord::compareTo); // several annexes only after a failed rebuild
        }
        // Kill what the frozen tree holds that can be forgotten.
        List<KeyRecord> dropped = new ArrayList<>();
        AvlTree.forEach(v.frozen, record -> {
            pacer.step();
            if (record.isDead()) {
                dropped.add(record); // killed by a rebuild that failed before publishing
            } else if (record.killIfForgettable(now)) {
                budget.release();
                dropped.add(record);
            }
        });
        long changes = added.size() + dropped.size();
        long size = v.frozenSize + added.size() - dropped.size();
        AvlTree.Node root;
        if (changes * (64 - Long.numberOfLeadingZeros(v.frozenSize + 1)) > v.frozenSize) {
            // Many changes: one node per key beats log2(n) copied nodes per change.
            List<KeyRecord> merged = merge(v.frozen, added, (int) size, pacer);
            root = AvlTree.build(merged, 0, merged.size());
            size = merged.size();
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
        view = new View(root, size, next); // the swap: one volatile write publishes a complete tree

        lastAverageDepth = samples == 0 ? 0 : (double) sum / samples;
        return dropped.size();
    }

    /** The live records of {@code frozen} and {@code added} (both in key order, disjoint), in key order. */
    private static List<KeyRecord> merge(AvlTree.Node frozen, List<KeyRecord> added, int expected, Pacer pacer) {
        List<KeyRecord> merged = new ArrayList<>(Math.max(expected, 0));
        int[] next = {0};
        AvlTree.forEach(frozen, record -> {
            pacer.step();
            if (record.isDead()) {
                return;
            }
            while (next[0] < added.size() && added.get(next[0]).compareTo(record) < 0) {
                merged.add(added.get(next[0]++));
            }
            merged.add(record);
        });
        merged.addAll(added.subList(next[0], added.size()));
        return merged;
    }

    @Override
    double averageDepth() {
        long samples = depthSamples.sum();
        return samples == 0 ? lastAverageDepth : (double) depthSum.sum() / samples;
    }

    /** Height of the frozen tree; for tests of the balance guarantee. */
    int frozenHeight() {
        return AvlTree.height(view.frozen);
    }
}
