package argus.codec;

/** Arithmetic for writing non-negative numbers as ASCII: digit counts and rounding up. */
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

    /** {@code ceil(nanos / unit)} for non-negative nanos: a wait is never announced shorter than it is. */
    public static long ceilDiv(long nanos, long unit) {
        return nanos / unit + (nanos % unit == 0 ? 0 : 1);
    }
}
