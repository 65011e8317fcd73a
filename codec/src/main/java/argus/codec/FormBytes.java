package argus.codec;

/**
 * Reading {@code application/x-www-form-urlencoded} bytes (a request target's query) in place:
 * {@code %XX} is the byte XX and {@code +} a space, in names as in values. Shared by the query
 * decoder and the server's own query options, so that both read a query the same way.
 */
public final class FormBytes {

    private FormBytes() {
    }

    /** The byte at {@code i} of {@code [i, end)}: plain, {@code +} as a space, or a {@code %XX} escape; -1 if malformed. */
    public static int decodedAt(byte[] bytes, int i, int end) {
        int c = bytes[i] & 0xFF;
        if (c == '+') {
            return ' ';
        }
        if (c != '%') {
            return c;
        }
        if (end - i < 3) {
            return -1;
        }
        int hi = Character.digit(bytes[i + 1] & 0xFF, 16);
        int lo = Character.digit(bytes[i + 2] & 0xFF, 16);
        return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
    }

    /** How many bytes the encoded byte at {@code i} takes: 3 for an escape, else 1. */
    public static int width(byte[] bytes, int i) {
        return bytes[i] == '%' ? 3 : 1;
    }

    /** Whether {@code [from, to)}, decoded, is exactly {@code ascii}; false if malformed. */
    public static boolean decodesTo(byte[] bytes, int from, int to, String ascii) {
        int k = 0;
        for (int i = from; i < to; i += width(bytes, i)) {
            if (k == ascii.length() || decodedAt(bytes, i, to) != ascii.charAt(k)) {
                return false;
            }
            k++;
        }
        return k == ascii.length();
    }

    /** Where {@code c} first is in {@code [from, to)}, or -1. */
    public static int indexOf(byte[] bytes, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
