package argus.server;

import argus.codec.DecodeError;

/**
 * The query options the server reads itself ({@code format}, {@code limited_status}), looked up
 * in the raw URI without splitting it into objects. Values are matched undecoded: each accepted
 * value is plain ASCII letters or digits. A repeated option counts by its last occurrence, like
 * the request's own parameters.
 */
final class QueryParams {

    private QueryParams() {
    }

    /** Whether the last {@code name} of the query of {@code uri} is exactly {@code value}. */
    static boolean is(String uri, String name, String value) {
        int at = last(uri, name);
        return at >= 0 && end(uri, at) - at == value.length() && uri.startsWith(value, at);
    }

    /** Every occurrence of the options is one of their values; else the error naming the first that is not. */
    static DecodeError checkOptions(String uri) {
        int q = uri.indexOf('?');
        for (int i = q + 1; q >= 0 && i < uri.length(); i = end(uri, i) + 1) {
            if (option(uri, i, "format") && !value(uri, i, "format", "json") && !value(uri, i, "format", "text")) {
                return DecodeError.FORMAT_INVALID;
            }
            if (option(uri, i, "limited_status") && !value(uri, i, "limited_status", "429")
                    && !value(uri, i, "limited_status", "403")) {
                return DecodeError.LIMITED_STATUS_INVALID;
            }
        }
        return null;
    }

    /** Where the value of the last {@code name=} of the query starts, or -1. */
    private static int last(String uri, String name) {
        int q = uri.indexOf('?');
        int found = -1;
        for (int i = q + 1; q >= 0 && i < uri.length(); i = end(uri, i) + 1) {
            if (option(uri, i, name)) {
                found = i + name.length() + 1;
            }
        }
        return found;
    }

    /** Whether the parameter starting at {@code i} is {@code name=...}. */
    private static boolean option(String uri, int i, String name) {
        int eq = i + name.length();
        return eq < uri.length() && uri.charAt(eq) == '=' && uri.startsWith(name, i) && eq < end(uri, i);
    }

    /** Whether the parameter starting at {@code i} is exactly {@code name=value}. */
    private static boolean value(String uri, int i, String name, String value) {
        int at = i + name.length() + 1;
        return end(uri, i) - at == value.length() && uri.startsWith(value, at);
    }

    /** Where the parameter starting at {@code i} ends (its {@code &} or the end of the URI). */
    private static int end(String uri, int i) {
        int amp = uri.indexOf('&', i);
        return amp < 0 ? uri.length() : amp;
    }
}
