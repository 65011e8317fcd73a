package argus.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * The insert-only concurrent structure that takes new keys between two rebuilds: an array of
 * buckets, each an insert-only BST whose nodes are the records themselves ({@link KeyRecord#left},
 * {@link KeyRecord#right}), so a new key allocates no node besides its record.
 *
 * <p>Nodes are never removed or moved, so a search is a plain walk from its bucket's root and an
 * insert is one CAS of a {@code null} slot (a bucket's root or a child) to the new record:
 * lock-free, and no hand-over-hand locking from the root. Keys are ordered by (hash, bytes), and a
 * key's bucket is the top bits of its hash, in the same (signed) order, so the buckets taken in
 * turn, each walked in order, give every key in key order. The rebuild sizes the array for the
 * keys it expects before the next rebuild (about {@link #KEYS_PER_BUCKET} a bucket), so a lookup
 * costs the bucket's root and a node or two instead of a walk down one random BST of them all;
 * more keys than expected only make the buckets' trees deeper.
 *
 * <p>Retirement: the rebuild thread sets {@link #successor} and then {@link #seal}s the annex,
 * CASing every {@code null} slot to {@link #SEALED}. From then on no insert can land here: an
 * insert that meets {@code SEALED} continues in the successor. Because sealing and inserting
 * race on the same slots by CAS, the seal's walk sees every node that was ever inserted.
 *
 * <p>Unlinking: a record that outlives its annex (it moved into the frozen tree) would keep the
 * records below it reachable, dead ones too, for as long as it lives. So the rebuild after the one
 * that froze it sets both its links to {@link #RETIRED} ({@link #retire}). A walk that meets
 * {@code RETIRED} is in an annex at least one rebuild old, whose records are all in the current
 * view's frozen tree or dead: it starts over from the current view, as after a dead record.
 */
final class Annex {

    /** A slot that takes no more inserts: continue in {@link #successor}. Never a real record. */
    static final KeyRecord SEALED = new GcraRecord(null, 0);
    /** A link of a record that left its annex for the frozen tree: look the key up again from the current view. */
    static final KeyRecord RETIRED = new GcraRecord(null, 0);

    /**
     * The successor of every annex a published rebuild sealed: each of its slots is {@link #RETIRED},
     * so a walk that follows a sealed slot or a dead record out of such an annex starts over from the
     * current view, as after a retired link. A sealed annex must not keep pointing at the next one:
     * if it was old enough to be promoted to the old generation, that one link would keep every
     * later annex and all their records alive in each young collection until a full one, promoting
     * them in turn (see {@link BstEngine#maintain}).
     */
    static final Annex RESTART = new Annex(2);

    static {
        for (int i = 0; i < RESTART.roots.length; i++) {
            RESTART.roots[i] = RETIRED;
        }
    }

    /** The load the bucket array is sized for, at the expected number of keys. */
    static final int KEYS_PER_BUCKET = 2;
    private static final int MAX_BUCKETS = 1 << 24;

    private static final VarHandle LEFT;
    private static final VarHandle RIGHT;
    private static final VarHandle ROOTS = MethodHandles.arrayElementVarHandle(KeyRecord[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            LEFT = lookup.findVarHandle(KeyRecord.class, "left", KeyRecord.class);
            RIGHT = lookup.findVarHandle(KeyRecord.class, "right", KeyRecord.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Each bucket's root slot; read and CASed with volatile semantics, like the child slots. */
    private final KeyRecord[] roots;
    /** 64 minus the bits of a bucket index; there is at least one such bit, so never a shift by 64. */
    private final int shift;
    /**
     * Where inserts go once this annex is sealed: written before sealing starts, and replaced by
     * {@link #RESTART} once the view that holds this annex's records is published.
     */
    volatile Annex successor;

    /** An annex sized for about {@code expectedKeys} keys. */
    Annex(long expectedKeys) {
        long wanted = Math.min(MAX_BUCKETS, Math.max(2, expectedKeys / KEYS_PER_BUCKET));
        int buckets = Integer.highestOneBit((int) wanted - 1) << 1;
        this.roots = new KeyRecord[buckets];
        this.shift = 64 - Integer.numberOfTrailingZeros(buckets);
    }

    /** Flipping the sign bit makes the unsigned top bits follow the signed order of hashes. */
    private int bucket(long hash) {
        return (int) ((hash ^ Long.MIN_VALUE) >>> shift);
    }

    KeyRecord root(long hash) {
        return (KeyRecord) ROOTS.getVolatile(roots, bucket(hash));
    }

    /** CAS of the root slot of {@code hash}'s bucket; volatile semantics publish the record's final fields. */
    boolean casRoot(long hash, KeyRecord expected, KeyRecord next) {
        return ROOTS.compareAndSet(roots, bucket(hash), expected, next);
    }

    /** What slot {@code (parent, left)} holds; the root slot of {@code hash}'s bucket when {@code parent} is null. */
    static KeyRecord slot(Annex annex, long hash, KeyRecord parent, boolean left) {
        return parent == null ? annex.root(hash) : left ? parent.left : parent.right;
    }

    static boolean casChild(KeyRecord parent, boolean left, KeyRecord expected, KeyRecord next) {
        return (left ? LEFT : RIGHT).compareAndSet(parent, expected, next);
    }

    /**
     * Unlinks a record of the frozen tree from the annex it came from (see the class notes); a
     * no-op once done. Rebuild thread only, on records of the published view's frozen tree: their
     * annex was sealed at least one rebuild ago, so no slot of theirs is still {@code null}.
     */
    static void retire(KeyRecord record) {
        if (record.left != RETIRED) {
            record.left = RETIRED;
        }
        if (record.right != RETIRED) {
            record.right = RETIRED;
        }
    }

    /**
     * Seals every empty slot and hands each node's record to {@code sink} in key order (bucket by
     * bucket, each an in-order walk: a node inserted concurrently lands in a slot the walk has not
     * sealed yet, so it is still visited in its place). Runs on the rebuild thread only, after
     * {@link #successor} is set.
     */
    void seal(Consumer<KeyRecord> sink) {
        java.util.ArrayDeque<KeyRecord> stack = new java.util.ArrayDeque<>();
        for (int bucket = 0; bucket < roots.length; bucket++) {
            KeyRecord cur = sealRoot(bucket);
            while (cur != null || !stack.isEmpty()) {
                while (cur != null) {
                    stack.push(cur);
                    cur = sealChild(cur, true);
                }
                KeyRecord n = stack.pop();
                sink.accept(n);
                cur = sealChild(n, false);
            }
        }
    }

    /** Seals one bucket's root slot; returns the node found there, if any. */
    private KeyRecord sealRoot(int bucket) {
        while (true) {
            KeyRecord current = (KeyRecord) ROOTS.getVolatile(roots, bucket);
            if (current == SEALED) {
                return null;
            }
            if (current != null) {
                return current;
            }
            if (ROOTS.compareAndSet(roots, bucket, null, SEALED)) {
                return null;
            }
        }
    }

    /** Seals one child slot; returns the node found there, if any. */
    private static KeyRecord sealChild(KeyRecord parent, boolean left) {
        while (true) {
            KeyRecord current = left ? parent.left : parent.right;
            if (current == SEALED || current == RETIRED) { // RETIRED: never in an annex being sealed; never a record to hand on
                return null;
            }
            if (current != null) {
                return current;
            }
            if (casChild(parent, left, null, SEALED)) {
                return null;
            }
        }
    }
}
