package argus.codec;

import static argus.codec.DecodeError.ALGORITHM_INVALID;
import static argus.codec.DecodeError.CAPACITY_MISSING;
import static argus.codec.DecodeError.CAPACITY_NOT_INTEGER;
import static argus.codec.DecodeError.CAPACITY_OUT_OF_RANGE;
import static argus.codec.DecodeError.HITS_NOT_INTEGER;
import static argus.codec.DecodeError.HITS_OUT_OF_RANGE;
import static argus.codec.DecodeError.INTERVAL_MISSING;
import static argus.codec.DecodeError.INTERVAL_NOT_INTEGER;
import static argus.codec.DecodeError.INTERVAL_OUT_OF_RANGE;
import static argus.codec.DecodeError.KEY_EMPTY;
import static argus.codec.DecodeError.KEY_INVALID_UTF8;
import static argus.codec.DecodeError.KEY_MISSING;
import static argus.codec.DecodeError.KEY_TOO_LONG;
import static argus.codec.DecodeError.QUERY_MALFORMED;
import static argus.codec.DecodeError.RATE_TOO_HIGH;
import static argus.codec.DecodeError.UNIT_INVALID;
import static argus.codec.DecodeError.UNIT_MISSING;

import argus.engine.Algorithm;
import argus.engine.KeyBuffer;

/**
 * Decodes a limit request from a query string, for {@code GET /api/v1/check}: the same members
 * and rules as the JSON body ({@link LimitRequestDecoder}), as {@code name=value} pairs joined by
 * {@code &}. Values are percent-decoded ({@code +} is a space, as in HTML forms); the key's
 * decoded bytes must be UTF-8 and are the key, so {@code key=caf%C3%A9} and the JSON
 * {@code "café"} are one key. Unknown names are ignored; the last of duplicate names wins.
 *
 * <p>Reads the request target's bytes where the HTTP reader left them, and allocates nothing.
 * One instance per thread, like the body decoder.
 */
public final class LimitQueryDecoder {

    private static final int MAX_NUMBER_CHARS = 32;
    /** values() copies its array on every call: 24-32 bytes of garbage per request. */
    private static final Unit[] UNITS = Unit.values();
    private static final Algorithm[] ALGORITHMS = Algorithm.values();

    private final int maxKeyBytes;
    /** A percent-decoded value other than the key; numbers and names are short. */
    private final byte[] scratch = new byte[MAX_NUMBER_CHARS];
    private int scratchLength;
    /** The value of the last {@link #decodeNumber} that succeeded. */
    private long number;
    /** The target being decoded, for the duration of {@link #decode}. */
    private byte[] uri;

    public LimitQueryDecoder(int maxKeyBytes) {
        this.maxKeyBytes = maxKeyBytes;
    }

    /** {@link #decode(byte[], int, LimitRequest)} of a target given as a string of bytes (ISO-8859-1); allocates. */
    public DecodeError decode(String uri, LimitRequest out) {
        byte[] bytes = uri.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return decode(bytes, bytes.length, out);
    }

    /**
     * Decodes the query of the request target in the first {@code length} bytes of {@code target}
     * (everything after the first {@code ?}) into {@code out}.
     *
     * @return null on success, otherwise why the query was rejected
     */
    public DecodeError decode(byte[] target, int length, LimitRequest out) {
        uri = target;
        try {
            return decodeQuery(length, out);
        } finally {
            uri = null;
        }
    }

    private DecodeError decodeQuery(int length, LimitRequest out) {
        out.resetOptional();
        int seen = 0;
        int q = indexOf('?', 0, length);
        int i = q < 0 ? length : q + 1;
        while (i < length) {
            int pairEnd = indexOf('&', i, length);
            if (pairEnd < 0) {
                pairEnd = length;
            }
            int eq = indexOf('=', i, pairEnd);
            int nameEnd = eq < 0 ? pairEnd : eq;
            int valueStart = Math.min(nameEnd + 1, pairEnd);
            DecodeError error = null;
            if (is(i, nameEnd, "key")) {
                error = decodeKey(valueStart, pairEnd, out.key());
                seen |= 1;
            } else if (is(i, nameEnd, "capacity")) {
                error = decodeNumber(valueStart, pairEnd, 1, Long.MAX_VALUE, CAPACITY_NOT_INTEGER, CAPACITY_OUT_OF_RANGE);
                if (error == null) {
                    out.capacity(number);
                }
                seen |= 2;
            } else if (is(i, nameEnd, "interval")) {
                error = decodeNumber(valueStart, pairEnd, 1, Integer.MAX_VALUE, INTERVAL_NOT_INTEGER, INTERVAL_OUT_OF_RANGE);
                if (error == null) {
                    out.interval((int) number);
                }
                seen |= 4;
            } else if (is(i, nameEnd, "unit")) {
                error = decodeUnit(valueStart, pairEnd, out);
                seen |= 8;
            } else if (is(i, nameEnd, "hits")) {
                error = decodeNumber(valueStart, pairEnd, 0, Long.MAX_VALUE, HITS_NOT_INTEGER, HITS_OUT_OF_RANGE);
                if (error == null) {
                    out.hits(number);
                }
            } else if (is(i, nameEnd, "algorithm")) {
                error = decodeAlgorithm(valueStart, pairEnd, out);
            }
            if (error != null) {
                return error;
            }
            i = pairEnd + 1;
        }
        if ((seen & 1) == 0) {
            return KEY_MISSING;
        }
        if ((seen & 2) == 0) {
            return CAPACITY_MISSING;
        }
        if ((seen & 4) == 0) {
            return INTERVAL_MISSING;
        }
        if ((seen & 8) == 0) {
            return UNIT_MISSING;
        }
        return out.capacity() <= out.intervalNanos() ? null : RATE_TOO_HIGH;
    }

    /** Where {@code c} first is in {@code [from, to)} of the target, or -1. */
    private int indexOf(char c, int from, int to) {
        return FormBytes.indexOf(uri, c, from, to);
    }

    /** Whether the parameter name in {@code [from, to)}, percent-decoded, is {@code name}. */
    private boolean is(int from, int to, String name) {
        return FormBytes.decodesTo(uri, from, to, name);
    }

    private DecodeError decodeKey(int from, int to, KeyBuffer key) {
        key.reset();
        byte[] bytes = key.array(Math.min(to - from, maxKeyBytes + 1));
        int n = 0;
        for (int i = from; i < to; ) {
            int b = FormBytes.decodedAt(uri, i, to);
            if (b < 0) {
                return QUERY_MALFORMED;
            }
            i += FormBytes.width(uri, i);
            if (n == maxKeyBytes) {
                return KEY_TOO_LONG;
            }
            bytes[n++] = (byte) b;
        }
        if (n == 0) {
            return KEY_EMPTY;
        }
        if (!Utf8.isWellFormed(bytes, 0, n)) {
            return KEY_INVALID_UTF8;
        }
        key.setLength(n);
        return null;
    }

    /** Percent-decodes a short value into {@link #scratch}; false if malformed or too long. */
    private boolean decodeShort(int from, int to) {
        scratchLength = 0;
        for (int i = from; i < to; ) {
            int b = FormBytes.decodedAt(uri, i, to);
            if (b < 0 || scratchLength == scratch.length) {
                return false;
            }
            i += FormBytes.width(uri, i);
            scratch[scratchLength++] = (byte) b;
        }
        return true;
    }

    private DecodeError decodeNumber(int from, int to, long min, long max, DecodeError notInteger,
                                     DecodeError outOfRange) {
        if (!decodeShort(from, to)) {
            return scratchLength == scratch.length ? outOfRange : QUERY_MALFORMED;
        }
        int i = 0;
        boolean negative = scratchLength > 0 && scratch[0] == '-';
        if (negative) {
            i++;
        }
        if (i == scratchLength) {
            return notInteger;
        }
        long value = 0;
        for (; i < scratchLength; i++) {
            int digit = scratch[i] - '0';
            if (digit < 0 || digit > 9) {
                return notInteger;
            }
            if (value > (max - digit) / 10) {
                return outOfRange;
            }
            value = value * 10 + digit;
        }
        if (negative && value != 0 || value < min) {
            return outOfRange;
        }
        number = value;
        return null;
    }

    private DecodeError decodeUnit(int from, int to, LimitRequest out) {
        if (!decodeShort(from, to)) {
            return UNIT_INVALID;
        }
        for (Unit unit : UNITS) {
            if (scratchEquals(unit.spelling())) {
                out.unit(unit);
                return null;
            }
        }
        return UNIT_INVALID;
    }

    private DecodeError decodeAlgorithm(int from, int to, LimitRequest out) {
        if (!decodeShort(from, to)) {
            return ALGORITHM_INVALID;
        }
        for (Algorithm algorithm : ALGORITHMS) {
            if (scratchEquals(algorithm.spelling())) {
                out.algorithm(algorithm);
                return null;
            }
        }
        return ALGORITHM_INVALID;
    }

    private boolean scratchEquals(String ascii) {
        if (ascii.length() != scratchLength) {
            return false;
        }
        for (int i = 0; i < scratchLength; i++) {
            if (scratch[i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

}
