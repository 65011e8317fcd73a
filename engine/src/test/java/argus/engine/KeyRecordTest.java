package argus.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Keys of up to {@link KeyRecord#INLINE} bytes live inside their record as three words, longer
 * ones in an array: equality and the trees' order must be the plain unsigned byte order whichever
 * way each side holds its key, and a reused buffer's leftover bytes must not leak into a key.
 */
class KeyRecordTest {

    private static final int SAME_HASH = 42; // a hash tie: the bytes decide

    @Test
    void shouldOrderAndMatchKeysAsTheirUnsignedBytesWhereverTheyAreHeld() {
        SplittableRandom random = new SplittableRandom(7);
        byte[] symbols = {0, 1, 'a', (byte) 0x7F, (byte) 0x80, (byte) 0xFF};
        byte[][] keys = new byte[400][];
        for (int i = 0; i < keys.length; i++) {
            // Mostly 'a' with one to three other bytes: most pairs share long prefixes and differ at
            // one or two places, often inside the same 8-byte word, so a word compared in the wrong
            // byte order shows. Lengths run past the word and inline bounds.
            int length = random.nextInt(KeyRecord.INLINE + 10);
            keys[i] = new byte[length];
            java.util.Arrays.fill(keys[i], (byte) 'a');
            for (int changes = 1 + random.nextInt(3); length > 0 && changes > 0; changes--) {
                keys[i][random.nextInt(length)] = symbols[random.nextInt(symbols.length)];
            }
            if (i % 10 == 0 && i > 0) {
                keys[i] = Arrays.copyOf(keys[i - 1], Math.max(0, keys[i - 1].length - random.nextInt(3)));
            }
        }
        KeyBuffer buffer = new KeyBuffer(4);
        for (byte[] a : keys) {
            KeyRecord ra = record(a);
            assertArrayEquals(a, ra.keyBytes(), "bytes back from the record");
            for (byte[] b : keys) {
                KeyRecord rb = record(b);
                int expected = Integer.signum(Arrays.compareUnsigned(a, b));
                String pair = Arrays.toString(a) + " vs " + Arrays.toString(b);
                assertEquals(expected, Integer.signum(ra.compareTo(rb)), "record order, " + pair);
                assertEquals(expected == 0, ra.equals(rb), "record equality, " + pair);
                fill(buffer, a, random);
                assertEquals(expected, Integer.signum(buffer.compareTo(rb)), "buffer order, " + pair);
                assertEquals(expected == 0, buffer.matches(rb), "buffer match, " + pair);
            }
        }
    }

    @Test
    void shouldPackTheSameWordsFromABufferWhateverItHeldBefore() {
        KeyBuffer buffer = new KeyBuffer(4);
        byte[] longer = new byte[40];
        Arrays.fill(longer, (byte) 0xEE);
        buffer.array(longer.length);
        System.arraycopy(longer, 0, buffer.array(), 0, longer.length);
        buffer.setLength(longer.length);
        KeyRecord longRecord = new GcraRecord(buffer, SAME_HASH);
        byte[] key = {'a', 'b', 'c'};
        System.arraycopy(key, 0, buffer.array(), 0, key.length);
        buffer.setLength(key.length); // bytes 3..39 of the array still hold the longer key
        KeyRecord fromReused = new GcraRecord(buffer, SAME_HASH);
        KeyRecord fromFresh = new GcraRecord(KeyBuffer.of(key), SAME_HASH);
        assertEquals(fromFresh.w0, fromReused.w0);
        assertEquals(0, fromReused.w1);
        assertEquals(0, fromReused.w2);
        assertEquals(0, fromReused.compareTo(fromFresh));
        assertArrayEquals(longer, longRecord.keyBytes());
        assertEquals(1, Integer.signum(longRecord.compareTo(fromFresh)), "0xEE sorts after 'a'");
    }

    private static KeyRecord record(byte[] key) {
        return new GcraRecord(KeyBuffer.of(key), SAME_HASH);
    }

    /** Writes {@code key} into the reused buffer over random leftovers, as a decoder would. */
    private static void fill(KeyBuffer buffer, byte[] key, SplittableRandom random) {
        byte[] array = buffer.array(KeyRecord.INLINE + 16);
        for (int i = 0; i < array.length; i++) {
            array[i] = (byte) random.nextInt(256);
        }
        System.arraycopy(key, 0, array, 0, key.length);
        buffer.setLength(key.length);
    }
}
