package argus.codec;

import io.netty.buffer.ByteBuf;

/** Writes non-negative numbers as ASCII digits straight into a buffer: no String, no garbage. */
public final class Ascii {

    private Ascii() {
    }

    /** Digits in {@code value >= 0}. */
    public static int digits(long value) {
        int n = 1;
        for (long v = value; v >= 10; v /= 10) {
            n++;
        }
        return n;
    }

    /** Appends {@code value >= 0} in decimal. */
    public static void writeLong(ByteBuf out, long value) {
        int n = digits(value);
        out.ensureWritable(n);
        int at = out.writerIndex();
        long v = value;
        for (int i = n - 1; i >= 0; i--) {
            out.setByte(at + i, (int) ('0' + v % 10));
            v /= 10;
        }
        out.writerIndex(at + n);
    }

    /** {@code ceil(nanos / unit)} for non-negative nanos: a wait is never announced shorter than it is. */
    public static long ceilDiv(long nanos, long unit) {
        return nanos / unit + (nanos % unit == 0 ? 0 : 1);
    }
}
