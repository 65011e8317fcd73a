package argus.engine;

import java.util.Arrays;

/** A stored key of the hash engine: immutable bytes and their hash, equal by content. */
final class HashKey {

    final byte[] bytes;
    private final int hash;

    HashKey(byte[] bytes, long hash) {
        this.bytes = bytes;
        this.hash = fold(hash);
    }

    static int fold(long hash) {
        return (int) (hash ^ (hash >>> 32));
    }

    @Override
    public boolean equals(Object other) {
        if (other instanceof HashKey) {
            return Arrays.equals(bytes, ((HashKey) other).bytes);
        }
        return other instanceof KeyBuffer && ((KeyBuffer) other).contentEquals(bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
