package argus.codec;

/**
 * The Unicode table of well-formed UTF-8 sequences (Unicode 15, table 3-7): overlong forms,
 * UTF-16 surrogates and code points above U+10FFFF are all rejected.
 */
final class Utf8 {

    private Utf8() {
    }

    /** The length of the sequence a lead byte starts (1 for ASCII), or -1 if it cannot start one. */
    static int sequenceLength(int lead) {
        if (lead < 0x80) {
            return 1;
        }
        if (lead < 0xC2) {
            return -1;
        }
        if (lead < 0xE0) {
            return 2;
        }
        if (lead < 0xF0) {
            return 3;
        }
        return lead < 0xF5 ? 4 : -1;
    }

    /** Whether {@code second} may follow {@code lead}: the lead decides its allowed range. */
    static boolean secondFits(int lead, int second) {
        int low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
        int high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
        return second >= low && second <= high;
    }

    static boolean isContinuation(int b) {
        return b >= 0x80 && b <= 0xBF;
    }

    /** Whether {@code bytes[from, to)} is well-formed UTF-8. */
    static boolean isWellFormed(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            int lead = bytes[i] & 0xFF;
            int length = sequenceLength(lead);
            if (length < 0 || to - i < length) {
                return false;
            }
            if (length > 1 && !secondFits(lead, bytes[i + 1] & 0xFF)) {
                return false;
            }
            for (int k = i + 2; k < i + length; k++) {
                if (!isContinuation(bytes[k] & 0xFF)) {
                    return false;
                }
            }
            i += length;
        }
        return true;
    }
}
