package argus.codec;

import java.nio.charset.StandardCharsets;

/** The time unit of a request's {@code interval}, as spelled in JSON. */
public enum Unit {
    S("s", 1_000_000_000L),
    MS("ms", 1_000_000L),
    US("us", 1_000L);

    private final String spelling;
    private final byte[] spellingBytes;
    private final long nanos;

    Unit(String spelling, long nanos) {
        this.spelling = spelling;
        this.spellingBytes = spelling.getBytes(StandardCharsets.US_ASCII);
        this.nanos = nanos;
    }

    /** The JSON spelling: {@code "s"}, {@code "ms"} or {@code "us"}. */
    public String spelling() {
        return spelling;
    }

    /** Nanoseconds in one unit. */
    public long nanos() {
        return nanos;
    }

    byte[] spellingBytes() {
        return spellingBytes;
    }
}
