package argus.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * The insert-only concurrent BST that takes new keys between two rebuilds.
 *
 * <p>Nodes are never removed or moved, so a search is a plain walk from the root and an insert
 * is one CAS of a {@code null} child slot to the new node: lock-free, and no hand-over-hand
 * locking from the root. Keys are ordered by (hash, bytes), which makes the tree a random BST
 * whatever order clients choose their keys in.
 *
 * <p>Retirement: the rebuild thread sets {@link #successor} and then {@link #seal}s the tree,
 * CASing every {@code null} slot to {@link #SEALED}. From then on no insert can land here: an
 * insert that meets {@code SEALED} continues in the successor. Because sealing and inserting
 * race on the same slots by CAS, the seal's walk sees every node that was ever inserted.
 */
final class Annex {

    /** A slot that takes no more inserts: continue in {@link #successor}. */
    static final Node SEALED = new Node(0, null);

    private static final VarHandle LEFT;
    private static final VarHandle RIGHT;
    private static final VarHandle ROOT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            LEFT = lookup.findVarHandle(Node.class, "left", Node.class);
            RIGHT = lookup.findVarHandle(Node.class, "right", Node.class);
            ROOT = lookup.findVarHandle(Annex.class, "root", Node.class);
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

    private volatile Node root;
    /** Where inserts go once this annex is sealed; written once, before sealing starts. */
    volatile Annex successor;

    Node root() {
        return root;
    }

    /** CAS of the root slot; volatile semantics publish the node's final fields and record. */
    boolean casRoot(Node expected, Node next) {
        return ROOT.compareAndSet(this, expected, next);
    }

    /** What slot {@code (parent, left)} holds; the root slot when {@code parent} is null. */
    static Node slot(Annex annex, Node parent, boolean left) {
        return parent == null ? annex.root : left ? parent.left : parent.right;
    }

    static boolean casChild(Node parent, boolean left, Node expected, Node next) {
        return (left ? LEFT : RIGHT).compareAndSet(parent, expected, next);
    }

    /**
     * Seals every empty slot and hands each node's record to {@code sink} in key order (an
     * in-order walk: a node inserted concurrently lands in a slot the walk has not sealed yet, so
     * it is still visited in its place). Runs on the rebuild thread only, after
     * {@link #successor} is set.
     */
    void seal(Consumer<KeyRecord> sink) {
        java.util.ArrayDeque<Node> stack = new java.util.ArrayDeque<>();
        Node cur = sealSlot(null, false);
        while (cur != null || !stack.isEmpty()) {
            while (cur != null) {
                stack.push(cur);
                cur = sealSlot(cur, true);
            }
            Node n = stack.pop();
            sink.accept(n.record);
            cur = sealSlot(n, false);
        }
    }

    /** Seals one slot (the root when {@code parent} is null); returns the node found there, if any. */
    private Node sealSlot(Node parent, boolean left) {
        while (true) {
            Node current = parent == null ? root : left ? parent.left : parent.right;
            if (current == SEALED) {
                return null;
            }
            if (current != null) {
                return current;
            }
            boolean sealed = parent == null ? casRoot(null, SEALED) : casChild(parent, left, null, SEALED);
            if (sealed) {
                return null;
            }
        }
    }
}
