package argus.engine;

import java.security.SecureRandom;

/**
 * A seeded 64-bit hash of key bytes. The trees order keys by (hash, bytes): the hash makes
 * the insert-only annex a random BST whatever order clients pick their keys in (sequential
 * user ids would otherwise build a linked list), and the per-process random seed keeps a
 * hostile client from choosing keys that collide or line up.
 */
final class KeyHash {

    private static final long SEED = new SecureRandom().nextLong();
    private static final long M = 0x9E3779B97F4A7C15L;

    private KeyHash() {
    }

    static long hash(byte[] bytes, int length) {
        long h = SEED ^ (length * M);
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            h = mix(h ^ KeyBuffer.readLong(bytes, i));
        }
        long tail = 0;
        for (int shift = 0; i < length; i++, shift += 8) {
            tail |= (bytes[i] & 0xFFL) << shift;
        }
        return fmix(mix(h ^ tail));
    }

    private static long mix(long h) {
        h *= M;
        return Long.rotateLeft(h, 31) * 0xBF58476D1CE4E5B9L;
    }

    /** MurmurHash3's 64-bit finaliser: every input bit affects every output bit. */
    private static long fmix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB93FE53A87FBL;
        h ^= h >>> 33;
        return h;
    }
}
