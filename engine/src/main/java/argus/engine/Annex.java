package argus.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * The insert-only concurrent structure that takes new keys between two rebuilds: an array of
 * buckets, each an insert-only BST.
 *
 * <p>Nodes are never removed or moved, so a search is a plain walk from its bucket's root and an
 * insert is one CAS of a {@code null} slot (a bucket's root or a child) to the new node:
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
 */
final class Annex {

    /** A slot that takes no more inserts: continue in {@link #successor}. */
    static final Node SEALED = new Node(0, null);

    /** The load the bucket array is sized for, at the expected number of keys. */
    static final int KEYS_PER_BUCKET = 2;
    private static final int MAX_BUCKETS = 1 << 24;

    private static final VarHandle LEFT;
    private static final VarHandle RIGHT;
    private static final VarHandle ROOTS = MethodHandles.arrayElementVarHandle(Node[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            LEFT = lookup.findVarHandle(Node.class, "left", Node.class);
            RIGHT = lookup.findVarHandle(Node.class, "right", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final class Node {
        final long hash;
        final KeyRecord record;
        volatile Node left;
        volatile Node right;

        Node(long hash, KeyRecord record) {
            this.hash = hash;
            this.record = record;
        }
    }

    /** Each bucket's root slot; read and CASed with volatile semantics, like the child slots. */
    private final Node[] roots;
    /** 64 minus the bits of a bucket index; there is at least one such bit, so never a shift by 64. */
    private final int shift;
    /** Where inserts go once this annex is sealed; written once, before sealing starts. */
    volatile Annex successor;

    /** An annex sized for about {@code expectedKeys} keys. */
    Annex(long expectedKeys) {
        long wanted = Math.min(MAX_BUCKETS, Math.max(2, expectedKeys / KEYS_PER_BUCKET));
        int buckets = Integer.highestOneBit((int) wanted - 1) << 1;
        this.roots = new Node[buckets];
        this.shift = 64 - Integer.numberOfTrailingZeros(buckets);
    }

    /** Flipping the sign bit makes the unsigned top bits follow the signed order of hashes. */
    private int bucket(long hash) {
        return (int) ((hash ^ Long.MIN_VALUE) >>> shift);
    }

    Node root(long hash) {
        return (Node) ROOTS.getVolatile(roots, bucket(hash));
    }

    /** CAS of the root slot of {@code hash}'s bucket; volatile semantics publish the node's final fields and record. */
    boolean casRoot(long hash, Node expected, Node next) {
        return ROOTS.compareAndSet(roots, bucket(hash), expected, next);
    }

    /** What slot {@code (parent, left)} holds; the root slot of {@code hash}'s bucket when {@code parent} is null. */
    static Node slot(Annex annex, long hash, Node parent, boolean left) {
        return parent == null ? annex.root(hash) : left ? parent.left : parent.right;
    }

    static boolean casChild(Node parent, boolean left, Node expected, Node next) {
        return (left ? LEFT : RIGHT).compareAndSet(parent, expected, next);
    }

    /**
     * Seals every empty slot and hands each node's record to {@code sink} in key order (bucket by
     * bucket, each an in-order walk: a node inserted concurrently lands in a slot the walk has not
     * sealed yet, so it is still visited in its place). Runs on the rebuild thread only, after
     * {@link #successor} is set.
     */
    void seal(Consumer<KeyRecord> sink) {
        java.util.ArrayDeque<Node> stack = new java.util.ArrayDeque<>();
        for (int bucket = 0; bucket < roots.length; bucket++) {
            Node cur = sealRoot(bucket);
            while (cur != null || !stack.isEmpty()) {
                while (cur != null) {
                    stack.push(cur);
                    cur = sealChild(cur, true);
                }
                Node n = stack.pop();
                sink.accept(n.record);
                cur = sealChild(n, false);
            }
        }
    }

    /** Seals one bucket's root slot; returns the node found there, if any. */
    private Node sealRoot(int bucket) {
        while (true) {
            Node current = (Node) ROOTS.getVolatile(roots, bucket);
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
    private static Node sealChild(Node parent, boolean left) {
        while (true) {
            Node current = left ? parent.left : parent.right;
            if (current == SEALED) {
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
