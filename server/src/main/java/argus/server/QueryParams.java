package argus.server;

import argus.codec.DecodeError;

/**
 * The query options the server reads itself ({@code format}, {@code limited_status}), looked up
 * in the request target's bytes where the reader left them, allocating nothing. Values are
 * matched undecoded: each accepted value is plain ASCII letters or digits. A repeated option
 * counts by its last occurrence, like the request's own parameters.
 */
final class QueryParams {

    private QueryParams() {
    }

    /** Whether the last {@code name} in the query of the target (its first {@code length} bytes) is exactly {@code value}. */
    static boolean is(byte[] target, int length, String name, String value) {
        int found = -1;
        for (int i = queryStart(target, length); i < length; i = end(target, length, i) + 1) {
            if (option(target, length, i, name)) {
                found = i;
            }
        }
        return found >= 0 && value(target, length, found, name, value);
    }

    /** Whether the query of the target has a {@code name=} parameter. */
    static boolean has(byte[] target, int length, String name) {
        for (int i = queryStart(target, length); i < length; i = end(target, length, i) + 1) {
            if (option(target, length, i, name)) {
                return true;
            }
        }
        return false;
    }

    /** Every occurrence of the options is one of their values; else the error naming the first that is not. */
    static DecodeError checkOptions(byte[] target, int length) {
        for (int i = queryStart(target, length); i < length; i = end(target, length, i) + 1) {
            if (option(target, length, i, "format") && !value(target, length, i, "format", "json")
                    && !value(target, length, i, "format", "text")) {
                return DecodeError.FORMAT_INVALID;
            }
            if (option(target, length, i, "limited_status") && !value(target, length, i, "limited_status", "429")
                    && !value(target, length, i, "limited_status", "403")) {
                return DecodeError.LIMITED_STATUS_INVALID;
            }
        }
        return null;
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
