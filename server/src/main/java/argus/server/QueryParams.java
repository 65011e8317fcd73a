package argus.server;

import argus.codec.DecodeError;

/**
 * The query options the server reads itself ({@code format}, {@code limited_status}), found in one
 * pass over the request target's bytes where the reader left them, allocating nothing: {@link #scan}
 * packs what it found into an {@code int}, which the other methods read. Values are matched
 * undecoded: each accepted value is plain ASCII letters or digits. A repeated option counts by its
 * last occurrence, like the request's own parameters; an invalid one by its first.
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
        for (int i = queryStart(target, length); i < length; i = end(target, length, i) + 1) {
            if (option(target, length, i, "format")) {
                boolean json = value(target, length, i, "format", "json");
                if (!json && !value(target, length, i, "format", "text") && (options & BAD) == 0) {
                    options |= BAD_FORMAT;
                }
                options = (options | FORMAT_GIVEN) & ~FORMAT_JSON | (json ? FORMAT_JSON : 0);
            } else if (option(target, length, i, "limited_status")) {
                boolean forbid = value(target, length, i, "limited_status", "403");
                if (!forbid && !value(target, length, i, "limited_status", "429") && (options & BAD) == 0) {
                    options |= BAD_STATUS;
                }
                options = options & ~FORBID | (forbid ? FORBID : 0);
            }
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

    /** Where the query's first parameter starts; {@code length} when there is no query. */
    private static int queryStart(byte[] target, int length) {
        for (int i = 0; i < length; i++) {
            if (target[i] == '?') {
                return i + 1;
            }
        }
        return length;
    }

    /** Whether the parameter starting at {@code i} is {@code name=...}. */
    private static boolean option(byte[] target, int length, int i, String name) {
        int eq = i + name.length();
        return eq < end(target, length, i) && target[eq] == '=' && matches(target, i, name);
    }

    /** Whether the parameter starting at {@code i} is exactly {@code name=value}. */
    private static boolean value(byte[] target, int length, int i, String name, String value) {
        int at = i + name.length() + 1;
        return end(target, length, i) - at == value.length() && matches(target, at, value);
    }

    private static boolean matches(byte[] target, int at, String ascii) {
        for (int k = 0; k < ascii.length(); k++) {
            if (target[at + k] != ascii.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Where the parameter starting at {@code i} ends (its {@code &} or the end of the target). */
    private static int end(byte[] target, int length, int i) {
        for (int k = i; k < length; k++) {
            if (target[k] == '&') {
                return k;
            }
        }
        return length;
    }
}
