package argus.engine;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The shadow tree: a persistent (path-copying) AVL tree of records, ordered by (hash, bytes).
 *
 * <p>Only the rebuild thread calls {@link #insert} and {@link #delete}; each returns a new root
 * and leaves every existing node untouched. A root, once published, is therefore an immutable
 * tree: event loops read it with plain loads of final fields, concurrently with the next
 * rebuild, and can never see a half-built tree (I4). Height is at most 1.44 log2(n + 2).
 */
final class AvlTree {

    static final class Node {
        final KeyRecord record;
        final long hash;
        final Node left;
        final Node right;
        final int height;

        Node(KeyRecord record, Node left, Node right) {
            this.record = record;
            this.hash = record.hash;
            this.left = left;
            this.right = right;
            this.height = 1 + Math.max(height(left), height(right));
        }

        /** The same node, its arguments in key order: for {@link #build}, which allocates the node before them. */
        Node(Node left, KeyRecord record, Node right) {
            this(record, left, right);
        }
    }

    private AvlTree() {
    }

    static int height(Node n) {
        return n == null ? 0 : n.height;
    }

    /** The record for {@code key}, or null. Reads only final fields: safe on any thread. */
    static KeyRecord find(Node root, long hash, KeyBuffer key) {
        Node n = root;
        while (n != null) {
            int c = Long.compare(hash, n.hash);
            if (c == 0) {
                c = key.compareTo(n.record);
                if (c == 0) {
                    return n.record;
                }
            }
            n = c < 0 ? n.left : n.right;
        }
        return null;
    }

    /** A tree that also holds {@code record}; unchanged if its key is already present. */
    static Node insert(Node n, KeyRecord record) {
        if (n == null) {
            return new Node(record, null, null);
        }
        int c = record.compareTo(n.record);
        if (c == 0) {
            return n;
        }
        if (c < 0) {
            Node l = insert(n.left, record);
            return l == n.left ? n : balance(n.record, l, n.right);
        }
        Node r = insert(n.right, record);
        return r == n.right ? n : balance(n.record, n.left, r);
    }

    /** A tree without {@code record}'s key; unchanged if absent. */
    static Node delete(Node n, KeyRecord record) {
        if (n == null) {
            return null;
        }
        int c = record.compareTo(n.record);
        if (c < 0) {
            Node l = delete(n.left, record);
            return l == n.left ? n : balance(n.record, l, n.right);
        }
        if (c > 0) {
            Node r = delete(n.right, record);
            return r == n.right ? n : balance(n.record, n.left, r);
        }
        if (n.left == null) {
            return n.right;
        }
        if (n.right == null) {
            return n.left;
        }
        Node min = n.right;
        while (min.left != null) {
            min = min.left;
        }
        return balance(min.record, n.left, deleteMin(n.right));
    }

    private static Node deleteMin(Node n) {
        if (n.left == null) {
            return n.right;
        }
        return balance(n.record, deleteMin(n.left), n.right);
    }

    /**
     * A perfectly balanced tree of the next {@code n} records of {@code sorted} (ascending,
     * distinct keys), taken in order: one node per record, which beats path-copying inserts once
     * many keys changed, and no list of them in between. Its heights differ by at most one
     * everywhere, so it is an AVL tree.
     *
     * @throws IllegalStateException if {@code sorted} runs out (returns null) before {@code n}
     */
    static Node build(Supplier<KeyRecord> sorted, int n) {
        if (n == 0) {
            return null;
        }
        int leftSize = n >>> 1;
        // One expression, so that the node is allocated before its subtrees (the object is made
        // before the constructor's arguments are evaluated): parents before children, the left
        // child next to its parent, as lookups walk them. Nodes allocated in key order instead
        // (left subtree first) read 1 M existing keys 11-46 % slower in each of 9 alternated JMH
        // pairs (ExistingKey and RebuildImpact, BST); this order measured as the list-based build.
        return new Node(build(sorted, leftSize), next(sorted), build(sorted, n - leftSize - 1));
    }

    private static KeyRecord next(Supplier<KeyRecord> sorted) {
        KeyRecord record = sorted.get();
        if (record == null) {
            throw new IllegalStateException("fewer records than the tree's size");
        }
        return record;
    }

    /** The records of a tree in ascending key order, one per {@link #next} call. */
    static final class InOrder {
        private final ArrayDeque<Node> stack = new ArrayDeque<>();
        private Node cur;

        InOrder(Node root) {
            cur = root;
        }

        /** The next record, or null after the last. */
        KeyRecord next() {
            while (cur != null) {
                stack.push(cur);
                cur = cur.left;
            }
            Node n = stack.poll();
            if (n == null) {
                return null;
            }
            cur = n.right;
            return n.record;
        }
    }

    /** In-order visit (ascending key order). */
    static void forEach(Node n, Consumer<KeyRecord> visitor) {
        InOrder records = new InOrder(n);
        for (KeyRecord r = records.next(); r != null; r = records.next()) {
            visitor.accept(r);
        }
    }

    static int size(Node n) {
        int[] count = {0};
        forEach(n, r -> count[0]++);
        return count[0];
    }

    private static Node balance(KeyRecord record, Node l, Node r) {
        int hl = height(l);
        int hr = height(r);
        if (hl > hr + 1) {
            if (height(l.left) >= height(l.right)) {
                return new Node(l.record, l.left, new Node(record, l.right, r));
            }
            return new Node(l.right.record, new Node(l.record, l.left, l.right.left),
                    new Node(record, l.right.right, r));
        }
        if (hr > hl + 1) {
            if (height(r.right) >= height(r.left)) {
                return new Node(r.record, new Node(record, l, r.left), r.right);
            }
            return new Node(r.left.record, new Node(record, l, r.left.left),
                    new Node(r.record, r.left.right, r.right));
        }
        return new Node(record, l, r);
    }
}
