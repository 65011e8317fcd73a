package argus.loadtest.engine;

/**
 * Keys no limiter has seen: {@code "new-"} and 16 hex digits of a scrambled per-thread sequence,
 * 20 bytes like the table's keys. The dash keeps them apart from the table's all-letter keys;
 * the scrambling (a bijection) spreads them over the key space, so an ordered map does not get
 * the easy case of always appending at the same place.
 */
final class NewKeySource {

    private static final byte[] HEX = "0123456789abcdef".getBytes();

    private final long stride;
    private long next;

    /** Thread {@code index} of {@code threads} takes the sequence numbers index, index + threads, ... */
    NewKeySource(int index, int threads) {
        this.next = index;
        this.stride = threads;
    }

    void nextInto(KeyProbe probe) {
        byte[] a = probe.array();
        a[0] = 'n';
        a[1] = 'e';
        a[2] = 'w';
        a[3] = '-';
        long x = scramble(next);
        next += stride;
        for (int i = KeyTable.KEY_LENGTH - 1; i >= 4; i--, x >>>= 4) {
            a[i] = HEX[(int) (x & 15)];
        }
        probe.setLength(KeyTable.KEY_LENGTH);
    }

    /** Multiplication by an odd constant is invertible mod 2^64: distinct sequence numbers, distinct keys. */
    private static long scramble(long sequence) {
        return sequence * 0x9E3779B97F4A7C15L;
    }
}
