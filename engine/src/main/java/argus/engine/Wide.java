package argus.engine;

import java.math.BigInteger;

/**
 * Exact arithmetic on products of two non-negative {@code long}s, for the sliding window's
 * weighted counts. Products below 2^63 (every ordinary configuration: capacity times interval
 * in nanoseconds) take the plain {@code long} path; larger ones fall back to {@link BigInteger},
 * which allocates but keeps the answer exact.
 */
final class Wide {

    private Wide() {
    }

    private static boolean fits(long a, long b) {
        return Math.multiplyHigh(a, b) == 0 && a * b >= 0;
    }

    /** {@code a*b + c*d <= e*f}, exactly. */
    static boolean sumAtMost(long a, long b, long c, long d, long e, long f) {
        if (fits(a, b) && fits(c, d) && fits(e, f)) {
            long left = a * b;
            long right = c * d;
            if (left <= Long.MAX_VALUE - right) {
                return left + right <= e * f;
            }
        }
        return big(a, b).add(big(c, d)).compareTo(big(e, f)) <= 0;
    }

    /** {@code ceil(a*b / d)} for {@code d > 0}, exactly. */
    static long mulDivCeil(long a, long b, long d) {
        if (fits(a, b)) {
            long p = a * b;
            return p / d + (p % d == 0 ? 0 : 1);
        }
        BigInteger[] qr = big(a, b).divideAndRemainder(BigInteger.valueOf(d));
        return qr[0].longValueExact() + (qr[1].signum() == 0 ? 0 : 1);
    }

    /** {@code floor(a*b / d)} for {@code d > 0}, exactly. */
    static long mulDivFloor(long a, long b, long d) {
        if (fits(a, b)) {
            return a * b / d;
        }
        return big(a, b).divide(BigInteger.valueOf(d)).longValueExact();
    }

    private static BigInteger big(long a, long b) {
        return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
    }
}
