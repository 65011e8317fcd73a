package argus.server;

/** Looks at one query parameter without splitting the URI into objects. */
final class QueryParams {

    private QueryParams() {
    }

    /** Whether the query of {@code uri} has {@code name=value} (exactly, undecoded). */
    static boolean is(String uri, String name, String value) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return false;
        }
        int i = q + 1;
        while (i < uri.length()) {
            int end = uri.indexOf('&', i);
            if (end < 0) {
                end = uri.length();
            }
            int length = name.length() + 1 + value.length();
            if (end - i == length && uri.startsWith(name, i) && uri.charAt(i + name.length()) == '='
                    && uri.startsWith(value, i + name.length() + 1)) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }
}
