package argus.codec;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * A reusable byte array to compose an answer in (one per event loop), then copied into the
 * outgoing buffer in one call. Plain array stores are much cheaper than byte-by-byte writes to a
 * pooled direct buffer, each of which re-checks bounds and the reference count.
 */
public final class AsciiBuffer {

    private byte[] bytes;
    private int length;

    public AsciiBuffer(int capacity) {
        bytes = new byte[capacity];
    }

    public AsciiBuffer reset() {
        length = 0;
        return this;
    }

    public int length() {
        return length;
    }

    public AsciiBuffer put(byte[] part) {
        ensure(part.length);
        System.arraycopy(part, 0, bytes, length, part.length);
        length += part.length;
        return this;
    }

    public AsciiBuffer put(byte b) {
        ensure(1);
        bytes[length++] = b;
        return this;
    }

    /** Appends {@code value >= 0} in decimal. */
    public AsciiBuffer putLong(long value) {
        int n = Ascii.digits(value);
        ensure(n);
        long v = value;
        for (int i = length + n - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        length += n;
        return this;
    }

    /** Copies the composed bytes to the end of {@code out}. */
    public void writeTo(ByteBuf out) {
        out.writeBytes(bytes, 0, length);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
