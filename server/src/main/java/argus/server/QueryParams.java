package argus.server;

import argus.codec.DecodeError;
import argus.codec.FormBytes;

/**
 * The query options the server reads itself ({@code format}, {@code limited_status}), found in one
 * pass over the request target's bytes where the reader left them, allocating nothing: {@link #scan}
 * packs what it found into an {@code int}, which the other methods read. Names and values are read
 * percent-decoded, as the request's own parameters are ({@link FormBytes}); a name without
 * {@code =} has an empty value, which no option takes. A repeated option counts by its last
 * occurrence, like the request's own parameters; an invalid one by its first.
 */
final class QueryParams {

    /** A {@code format} was given (else Accept decides). */
    private static final int FORMAT_GIVEN = 1;
    /** The last {@code format} is {@code json}. */
    private static final int FORMAT_JSON = 2;
    /** The last {@code limited_status} is {@code 403}. */
    private static final int FORBID = 4;
    private static final int BAD_FORMAT = 8;
    private static final int BAD_STATUS = 16;
    private static final int BAD = BAD_FORMAT | BAD_STATUS;

    private QueryParams() {
    }

    /** The options in the query of the target (its first {@code length} bytes), for the methods below. */
    static int scan(byte[] target, int length) {
        int options = 0;
        int q = FormBytes.indexOf(target, '?', 0, length);
        for (int i = q < 0 ? length : q + 1; i < length; ) {
            int end = FormBytes.indexOf(target, '&', i, length);
            end = end < 0 ? length : end;
            int eq = FormBytes.indexOf(target, '=', i, end);
            int name = eq < 0 ? end : eq;
            int value = Math.min(name + 1, end);
            if (FormBytes.decodesTo(target, i, name, "format")) {
                boolean json = FormBytes.decodesTo(target, value, end, "json");
                if (!json && !FormBytes.decodesTo(target, value, end, "text") && (options & BAD) == 0) {
                    options |= BAD_FORMAT;
                }
                options = (options | FORMAT_GIVEN) & ~FORMAT_JSON | (json ? FORMAT_JSON : 0);
            } else if (FormBytes.decodesTo(target, i, name, "limited_status")) {
                boolean forbid = FormBytes.decodesTo(target, value, end, "403");
                if (!forbid && !FormBytes.decodesTo(target, value, end, "429") && (options & BAD) == 0) {
                    options |= BAD_STATUS;
                }
                options = options & ~FORBID | (forbid ? FORBID : 0);
            }
            i = end + 1;
        }
        return options;
    }

    /** The error of the first option given a value it does not take, or null. */
    static DecodeError error(int options) {
        return (options & BAD_FORMAT) != 0 ? DecodeError.FORMAT_INVALID
                : (options & BAD_STATUS) != 0 ? DecodeError.LIMITED_STATUS_INVALID : null;
    }

    /** JSON or text as the query chose it; {@code accept} (the Accept header's choice) when it did not. */
    static boolean json(int options, boolean accept) {
        return (options & FORMAT_GIVEN) != 0 ? (options & FORMAT_JSON) != 0 : accept;
    }

    /** Whether refusals are to be answered {@code 403} rather than {@code 429}. */
    static boolean forbid(int options) {
        return (options & FORBID) != 0;
    }
}
