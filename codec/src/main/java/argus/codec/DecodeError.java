package argus.codec;

import java.nio.charset.StandardCharsets;

/**
 * Why a request body was rejected: one constant per failure, each with a fixed one-line reason
 * that names the field, so the 400 path formats nothing per request.
 */
public enum DecodeError {
    BODY_EMPTY("body: empty"),
    BODY_NOT_OBJECT("body: not a JSON object"),
    BODY_MALFORMED("body: malformed JSON"),
    BODY_TOO_DEEP("body: JSON nested deeper than " + LimitRequestDecoder.MAX_DEPTH + " levels"),
    BODY_TRAILING_DATA("body: unexpected data after the JSON object"),

    BATCH_NOT_ARRAY("batch: not a JSON array of limit objects"),
    /** The server's message adds the configured maximum to this one. */
    BATCH_TOO_LARGE("batch: too many items"),

    KEY_MISSING("key: missing"),
    KEY_NOT_STRING("key: must be a string"),
    KEY_EMPTY("key: must not be empty"),
    /** The decoder's {@link LimitRequestDecoder#reason} adds the configured limit to this one. */
    KEY_TOO_LONG("key: too long"),
    KEY_INVALID_ESCAPE("key: invalid escape sequence"),
    KEY_LONE_SURROGATE("key: lone surrogate in \\u escape"),
    KEY_INVALID_UTF8("key: invalid UTF-8"),

    CAPACITY_MISSING("capacity: missing"),
    CAPACITY_NOT_INTEGER("capacity: must be an integer"),
    CAPACITY_OUT_OF_RANGE("capacity: must be an integer between 1 and " + Long.MAX_VALUE),

    INTERVAL_MISSING("interval: missing"),
    INTERVAL_NOT_INTEGER("interval: must be an integer"),
    INTERVAL_OUT_OF_RANGE("interval: must be an integer between 1 and " + Integer.MAX_VALUE),

    UNIT_MISSING("unit: missing"),
    UNIT_INVALID("unit: must be one of \"s\", \"ms\", \"us\""),

    HITS_NOT_INTEGER("hits: must be an integer"),
    HITS_OUT_OF_RANGE("hits: must be an integer between 0 and " + Long.MAX_VALUE),

    ALGORITHM_INVALID("algorithm: must be one of \"token_bucket\", \"leaky_bucket\", \"fixed_window\", \"sliding_window\""),

    QUERY_MALFORMED("query: malformed percent-encoding"),
    FORMAT_INVALID("format: must be \"json\" or \"text\""),
    LIMITED_STATUS_INVALID("limited_status: must be 429 or 403"),

    RATE_TOO_HIGH("rate: capacity exceeds one token per nanosecond of interval");

    private final String reason;
    private final byte[] reasonBytes;

    DecodeError(String reason) {
        this.reason = reason;
        this.reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
    }

    /** The one-line reason, without a trailing newline. */
    public String reason() {
        return reason;
    }

    /** {@link #reason()} in UTF-8, encoded once; shared, so callers must not modify it. */
    public byte[] reasonBytes() {
        return reasonBytes;
    }
}
