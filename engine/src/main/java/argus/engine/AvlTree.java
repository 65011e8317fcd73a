package argus.engine;

import java.util.List;
import java.util.function.Consumer;

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
     * A perfectly balanced tree of {@code sorted[from, to)} (ascending, distinct keys): one node
     * per record, which beats path-copying inserts once many keys changed. Its heights differ by
     * at most one everywhere, so it is an AVL tree.
     */
    static Node build(List<KeyRecord> sorted, int from, int to) {
        if (from >= to) {
            return null;
        }
        int mid = (from + to) >>> 1;
        return new Node(sorted.get(mid), build(sorted, from, mid), build(sorted, mid + 1, to));
    }

    /** In-order visit (ascending key order). */
    static void forEach(Node n, Consumer<KeyRecord> visitor) {
        java.util.ArrayDeque<Node> stack = new java.util.ArrayDeque<>();
        Node cur = n;
        while (cur != null || !stack.isEmpty()) {
            while (cur != null) {
                stack.push(cur);
                cur = cur.left;
            }
            cur = stack.pop();
            visitor.accept(cur.record);
            cur = cur.right;
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
