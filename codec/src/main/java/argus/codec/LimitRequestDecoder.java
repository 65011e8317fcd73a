package argus.codec;

import static argus.codec.DecodeError.ALGORITHM_INVALID;
import static argus.codec.DecodeError.BATCH_NOT_ARRAY;
import static argus.codec.DecodeError.BATCH_TOO_LARGE;
import static argus.codec.DecodeError.BODY_EMPTY;
import static argus.codec.DecodeError.BODY_MALFORMED;
import static argus.codec.DecodeError.BODY_NOT_OBJECT;
import static argus.codec.DecodeError.BODY_TOO_DEEP;
import static argus.codec.DecodeError.BODY_TRAILING_DATA;
import static argus.codec.DecodeError.CAPACITY_MISSING;
import static argus.codec.DecodeError.CAPACITY_NOT_INTEGER;
import static argus.codec.DecodeError.CAPACITY_OUT_OF_RANGE;
import static argus.codec.DecodeError.HITS_NOT_INTEGER;
import static argus.codec.DecodeError.HITS_OUT_OF_RANGE;
import static argus.codec.DecodeError.INTERVAL_MISSING;
import static argus.codec.DecodeError.INTERVAL_NOT_INTEGER;
import static argus.codec.DecodeError.INTERVAL_OUT_OF_RANGE;
import static argus.codec.DecodeError.KEY_EMPTY;
import static argus.codec.DecodeError.KEY_INVALID_ESCAPE;
import static argus.codec.DecodeError.KEY_INVALID_UTF8;
import static argus.codec.DecodeError.KEY_LONE_SURROGATE;
import static argus.codec.DecodeError.KEY_MISSING;
import static argus.codec.DecodeError.KEY_NOT_STRING;
import static argus.codec.DecodeError.KEY_TOO_LONG;
import static argus.codec.DecodeError.RATE_TOO_HIGH;
import static argus.codec.DecodeError.UNIT_INVALID;
import static argus.codec.DecodeError.UNIT_MISSING;

import argus.engine.Algorithm;
import argus.engine.KeyBuffer;
import io.netty.buffer.ByteBuf;
import io.netty.util.internal.PlatformDependent;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a {@code /api/v1/limit} body into a {@link LimitRequest}, reading the {@link ByteBuf}
 * in place.
 *
 * <h2>Grammar</h2>
 * The body is one JSON object (RFC 8259, UTF-8), optionally surrounded by whitespace (space,
 * tab, CR, LF), with these members in any order:
 * <pre>
 *   "key":      string, 1..maxKeyBytes bytes once escapes are decoded, valid UTF-8
 *   "capacity": integer, 1..9223372036854775807
 *   "interval": integer, 1..2147483647
 *   "unit":     "s" | "ms" | "us"
 *   "hits":     integer, 0..9223372036854775807, optional (default 1)
 *   "algorithm": "token_bucket" | "leaky_bucket" | "fixed_window" | "sliding_window",
 *               optional (default "token_bucket")
 * </pre>
 * Integers follow JSON's integer grammar: an optional {@code -}, then {@code 0} or digits
 * without a leading zero; a fraction or an exponent makes the value "not an integer", even when
 * it is integral ({@code 1.0}, {@code 1e3}). Member names are compared after decoding their
 * escapes, so {@code "k\u0065y"} is {@code key}. Every other member is skipped, whatever its
 * value, but must be well-formed JSON. Finally {@code capacity} may not exceed the interval in
 * nanoseconds: the engine's clock ticks in nanoseconds and cannot refill faster than one token
 * per tick.
 *
 * <h2>Duplicate members</h2>
 * The last occurrence of a member wins. Every occurrence is still decoded and validated, so a
 * bad early value rejects the body even if a later one is good.
 *
 * <h2>Limits</h2>
 * A key longer than {@code maxKeyBytes} is rejected as soon as the limit is crossed, before any
 * byte beyond it is copied. Integers are rejected at the first digit that overflows, so a long
 * run of digits costs at most 20 steps. Skipped values may nest at most {@link #MAX_DEPTH}
 * levels (counting the body's own object), which bounds the recursion.
 *
 * <h2>Why hand-written</h2>
 * This runs on the event loop for every request. A general JSON library would materialise a
 * {@code String} per key (or per field name) and often box numbers; this scanner makes one pass
 * over the buffer, copies the key's bytes straight into the request's {@link KeyBuffer} (in one
 * bulk copy when the key has no escapes), and allocates nothing, on success or failure: errors
 * are returned as constants, never thrown. It neither moves the buffer's indices nor touches its
 * reference count; the caller owns the buffer.
 *
 * <p>An instance holds the scan state of the call in progress, so it belongs to one thread
 * (one per event loop) and is not reentrant.
 */
public final class LimitRequestDecoder {

    /**
     * Direct buffers are read through their memory address when Netty can (its
     * {@link PlatformDependent} unchecked loads): {@code ByteBuf.getByte} re-checks bounds and
     * the reference count on every byte, which profiling showed as the decoder's largest cost.
     * Every index the scanner reads is already checked against the readable range.
     */
    private static final boolean UNSAFE_READS = PlatformDependent.hasUnsafe();

    /** How deep values may nest, the body's own object being level 1. */
    public static final int MAX_DEPTH = 32;

    private static final int FIELD_KEY = 0;
    private static final int FIELD_CAPACITY = 1;
    private static final int FIELD_INTERVAL = 2;
    private static final int FIELD_UNIT = 3;
    private static final int FIELD_HITS = 4;
    private static final int FIELD_ALGORITHM = 5;
    /** The members that must be present: key, capacity, interval, unit. */
    private static final int REQUIRED_FIELDS = 0b1111;
    /** The nesting level of a container that is a member's value: one inside the body's object. */
    private static final int MEMBER_DEPTH = 2;
    private static final byte[][] FIELD_NAMES = ascii("key", "capacity", "interval", "unit", "hits", "algorithm");

    private static final Unit[] UNITS = Unit.values();
    private static final byte[][] UNIT_NAMES = unitNames();
    private static final Algorithm[] ALGORITHMS = Algorithm.values();
    private static final byte[][] ALGORITHM_NAMES = algorithmNames();

    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    /** Where a string's decoded bytes go. */
    private static final int SINK_SKIP = 0;
    private static final int SINK_KEY = 1;
    private static final int SINK_MATCH = 2;
    /**
     * While the items of a batch are delimited: bytes that are not UTF-8 inside a string are let
     * through then, so that the item holding them fails alone when it is read (its key gets
     * {@code KEY_INVALID_UTF8}, anything else {@code BODY_MALFORMED}), not the whole batch.
     */
    private boolean findingItems;

    private final int maxKeyBytes;
    private final String keyTooLongReason;
    private final byte[] keyTooLongReasonBytes;

    // State of the decode in progress; cleared at the end so no buffer outlives its call.
    private ByteBuf buf;
    private byte[] array;
    private int arrayOffset;
    /** Address of index 0 of a direct buffer, read with unchecked loads (the scanner bounds every index); 0 if none. */
    private long address;
    private int pos;
    private int end;
    private KeyBuffer key;
    private long number;

    // Where the items of the batch being decoded start and end: [start0, end0, start1, end1, ...].
    private int[] itemBounds = new int[0];
    private int items;

    // Matching a string against candidate spellings as its bytes are decoded.
    private byte[][] candidates;
    private int alive;
    private int matched;

    public LimitRequestDecoder(int maxKeyBytes) {
        if (maxKeyBytes < 1) {
            throw new IllegalArgumentException("maxKeyBytes must be at least 1, got " + maxKeyBytes);
        }
        this.maxKeyBytes = maxKeyBytes;
        this.keyTooLongReason = "key: longer than " + maxKeyBytes + " bytes";
        this.keyTooLongReasonBytes = keyTooLongReason.getBytes(StandardCharsets.UTF_8);
    }

    public int maxKeyBytes() {
        return maxKeyBytes;
    }

    /** The reason to send for {@code error}: {@link DecodeError#reason()}, with the key limit filled in. */
    public String reason(DecodeError error) {
        return error == KEY_TOO_LONG ? keyTooLongReason : error.reason();
    }

    /** {@link #reason(DecodeError)} in UTF-8, encoded once; shared, so callers must not modify it. */
    public byte[] reasonBytes(DecodeError error) {
        return error == KEY_TOO_LONG ? keyTooLongReasonBytes : error.reasonBytes();
    }

    /**
     * Decodes the readable bytes of {@code body} into {@code out}.
     *
     * @return {@code null} on success, otherwise why the body was rejected
     */
    public DecodeError decode(ByteBuf body, LimitRequest out) {
        bind(body, out);
        try {
            return decodeObject(out);
        } finally {
            unbind();
        }
    }

    /** Receives each item of a batch as it is decoded; the request is reused for the next item. */
    public interface BatchSink {
        /** {@code error} is null if {@code request} holds a valid item. */
        void item(DecodeError error, LimitRequest request);
    }

    /**
     * Decodes a batch: a JSON array of limit objects, each decoded and validated on its own and
     * handed to {@code sink} in order, so one bad item gets its own error while the others are
     * answered. The array itself must be well-formed, with at most {@code maxItems} items; if
     * not, nothing is handed to the sink and the error is returned.
     */
    public DecodeError decodeBatch(ByteBuf body, int maxItems, LimitRequest out, BatchSink sink) {
        bind(body, out);
        try {
            int bodyEnd = end;
            DecodeError shape = findItems(maxItems);
            if (shape != null) {
                return shape;
            }
            for (int i = 0; i < items; i++) {
                pos = itemBounds[2 * i];
                end = itemBounds[2 * i + 1];
                out.resetOptional();
                DecodeError error = decodeObject(out);
                sink.item(error, out);
            }
            end = bodyEnd;
            return null;
        } finally {
            unbind();
        }
    }

    /** Records where each item of the batch array starts and ends, checking the array's shape. */
    private DecodeError findItems(int maxItems) {
        findingItems = true;
        try {
            return findItemBounds(maxItems);
        } finally {
            findingItems = false;
        }
    }

    private DecodeError findItemBounds(int maxItems) {
        if (itemBounds.length < 2 * maxItems) {
            itemBounds = new int[2 * maxItems];
        }
        items = 0;
        skipWhitespace();
        if (pos == end) {
            return BODY_EMPTY;
        }
        if (!consume('[')) {
            return BATCH_NOT_ARRAY;
        }
        if (!consume(']')) {
            do {
                skipWhitespace();
                if (items == maxItems) {
                    return BATCH_TOO_LARGE;
                }
                int start = pos;
                DecodeError error = skipValue(MEMBER_DEPTH);
                if (error != null) {
                    return error;
                }
                itemBounds[2 * items] = start;
                itemBounds[2 * items + 1] = pos;
                items++;
                skipWhitespace();
            } while (consume(','));
            if (!consume(']')) {
                return BODY_MALFORMED;
            }
        }
        skipWhitespace();
        return pos == end ? null : BODY_TRAILING_DATA;
    }

    private void bind(ByteBuf body, LimitRequest out) {
        buf = body;
        array = body.hasArray() ? body.array() : null;
        arrayOffset = body.hasArray() ? body.arrayOffset() : 0;
        address = array == null && UNSAFE_READS && body.hasMemoryAddress() ? body.memoryAddress() : 0;
        pos = body.readerIndex();
        end = body.writerIndex();
        key = out.key();
        out.resetOptional();
    }

    private void unbind() {
        buf = null;
        array = null;
        address = 0;
        key = null;
    }

    private DecodeError decodeObject(LimitRequest out) {
        skipWhitespace();
        if (pos == end) {
            return BODY_EMPTY;
        }
        if (byteAt(pos) != '{') {
            return BODY_NOT_OBJECT;
        }
        pos++;
        int seen = 0;
        if (!consume('}')) {
            do {
                skipWhitespace();
                if (!at('"')) {
                    return BODY_MALFORMED;
                }
                startMatch(FIELD_NAMES);
                DecodeError error = scanString(SINK_MATCH);
                if (error != null) {
                    return error;
                }
                int field = matchedIndex();
                if (!consume(':')) {
                    return BODY_MALFORMED;
                }
                skipWhitespace();
                if (pos == end) {
                    return BODY_MALFORMED;
                }
                error = decodeMember(field, out);
                if (error != null) {
                    return error;
                }
                if (field >= 0) {
                    seen |= 1 << field;
                }
            } while (consume(','));
            if (!consume('}')) {
                return BODY_MALFORMED;
            }
        }
        skipWhitespace();
        if (pos != end) {
            return BODY_TRAILING_DATA;
        }
        if ((seen & REQUIRED_FIELDS) != REQUIRED_FIELDS) {
            return missing(seen);
        }
        return out.capacity() <= out.intervalNanos() ? null : RATE_TOO_HIGH;
    }

    private DecodeError decodeMember(int field, LimitRequest out) {
        switch (field) {
            case FIELD_KEY:
                return decodeKey();
            case FIELD_CAPACITY: {
                DecodeError error = decodeInteger(1, Long.MAX_VALUE, CAPACITY_NOT_INTEGER, CAPACITY_OUT_OF_RANGE);
                if (error == null) {
                    out.capacity(number);
                }
                return error;
            }
            case FIELD_INTERVAL: {
                DecodeError error = decodeInteger(1, Integer.MAX_VALUE, INTERVAL_NOT_INTEGER, INTERVAL_OUT_OF_RANGE);
                if (error == null) {
                    out.interval((int) number);
                }
                return error;
            }
            case FIELD_UNIT:
                return decodeUnit(out);
            case FIELD_HITS: {
                DecodeError error = decodeInteger(0, Long.MAX_VALUE, HITS_NOT_INTEGER, HITS_OUT_OF_RANGE);
                if (error == null) {
                    out.hits(number);
                }
                return error;
            }
            case FIELD_ALGORITHM:
                return decodeAlgorithm(out);
            default:
                return skipValue(MEMBER_DEPTH);
        }
    }

    private static DecodeError missing(int seen) {
        if ((seen & 1 << FIELD_KEY) == 0) {
            return KEY_MISSING;
        }
        if ((seen & 1 << FIELD_CAPACITY) == 0) {
            return CAPACITY_MISSING;
        }
        if ((seen & 1 << FIELD_INTERVAL) == 0) {
            return INTERVAL_MISSING;
        }
        return UNIT_MISSING;
    }

    // ---- key and unit -------------------------------------------------------------------

    private DecodeError decodeKey() {
        if (!at('"')) {
            return wellFormedOr(KEY_NOT_STRING);
        }
        key.reset();
        DecodeError error = scanString(SINK_KEY);
        if (error != null) {
            return error;
        }
        return key.length() == 0 ? KEY_EMPTY : null;
    }

    private DecodeError decodeUnit(LimitRequest out) {
        if (!at('"')) {
            return wellFormedOr(UNIT_INVALID);
        }
        startMatch(UNIT_NAMES);
        DecodeError error = scanString(SINK_MATCH);
        if (error != null) {
            return error;
        }
        int index = matchedIndex();
        if (index < 0) {
            return UNIT_INVALID;
        }
        out.unit(UNITS[index]);
        return null;
    }

    private DecodeError decodeAlgorithm(LimitRequest out) {
        if (!at('"')) {
            return wellFormedOr(ALGORITHM_INVALID);
        }
        startMatch(ALGORITHM_NAMES);
        DecodeError error = scanString(SINK_MATCH);
        if (error != null) {
            return error;
        }
        int index = matchedIndex();
        if (index < 0) {
            return ALGORITHM_INVALID;
        }
        out.algorithm(ALGORITHMS[index]);
        return null;
    }

    /** A value of the wrong type is reported as such only once it is known to be well-formed. */
    private DecodeError wellFormedOr(DecodeError wrongType) {
        DecodeError error = skipValue(MEMBER_DEPTH);
        return error != null ? error : wrongType;
    }

    // ---- integers -------------------------------------------------------------------------

    /** Decodes an integer in {@code min..max} into {@link #number}, stopping at the first digit that overflows. */
    private DecodeError decodeInteger(long min, long max, DecodeError notInteger, DecodeError outOfRange) {
        int c = byteAt(pos);
        if (c != '-' && !isDigit(c)) {
            return wellFormedOr(notInteger);
        }
        boolean negative = c == '-';
        int i = negative ? pos + 1 : pos;
        if (i == end || !isDigit(byteAt(i))) {
            return BODY_MALFORMED;
        }
        if (byteAt(i) == '0' && i + 1 < end && isDigit(byteAt(i + 1))) {
            return notInteger;
        }
        long cutoff = max / 10;
        int lastDigit = (int) (max % 10);
        long value = 0;
        for (; i < end && isDigit(c = byteAt(i)); i++) {
            int digit = c - '0';
            if (value > cutoff || value == cutoff && digit > lastDigit) {
                return outOfRange;
            }
            value = value * 10 + digit;
        }
        if (i < end && ((c = byteAt(i)) == '.' || c == 'e' || c == 'E')) {
            return notInteger;
        }
        pos = i;
        if (negative && value != 0 || value < min) {
            return outOfRange;
        }
        number = value;
        return null;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    // ---- strings --------------------------------------------------------------------------

    /**
     * Scans the string whose opening quote is at {@code pos}, feeding its decoded bytes to
     * {@code sink}, and leaves {@code pos} after the closing quote. Unescaped runs are handed
     * over whole, so a key without escapes is one bulk copy.
     */
    private DecodeError scanString(int sink) {
        int i = pos + 1;
        int runStart = i;
        while (i < end) {
            int c = byteAt(i) & 0xFF;
            if (c == '"') {
                emitRun(sink, runStart, i);
                pos = i + 1;
                return null;
            }
            if (c == '\\') {
                emitRun(sink, runStart, i);
                pos = i;
                DecodeError error = scanEscape(sink);
                if (error != null) {
                    return error;
                }
                i = runStart = pos;
                continue;
            }
            if (c < 0x20) {
                return BODY_MALFORMED;
            }
            int length = c < 0x80 ? 1 : utf8SequenceLength(i, c);
            if (length < 0) {
                if (sink != SINK_SKIP || !findingItems) {
                    return stringError(sink, KEY_INVALID_UTF8);
                }
                length = 1; // in a batch item: checked when the item is read, as its own error
            }
            if (sink == SINK_KEY && key.length() + (i + length - runStart) > maxKeyBytes) {
                return KEY_TOO_LONG;
            }
            i += length;
        }
        return BODY_MALFORMED;
    }

    /** Decodes the escape whose backslash is at {@code pos} and leaves {@code pos} after it. */
    private DecodeError scanEscape(int sink) {
        if (pos + 1 == end) {
            return BODY_MALFORMED;
        }
        int codePoint;
        switch (byteAt(pos + 1)) {
            case '"': codePoint = '"'; break;
            case '\\': codePoint = '\\'; break;
            case '/': codePoint = '/'; break;
            case 'b': codePoint = '\b'; break;
            case 'f': codePoint = '\f'; break;
            case 'n': codePoint = '\n'; break;
            case 'r': codePoint = '\r'; break;
            case 't': codePoint = '\t'; break;
            case 'u': return scanUnicodeEscape(sink);
            default: return stringError(sink, KEY_INVALID_ESCAPE);
        }
        pos += 2;
        return emitCodePoint(sink, codePoint);
    }

    /** {@code \}{@code uXXXX}, or two of them forming a surrogate pair. */
    private DecodeError scanUnicodeEscape(int sink) {
        int unit = hex4(pos + 2);
        if (unit < 0) {
            return stringError(sink, KEY_INVALID_ESCAPE);
        }
        pos += 6;
        if (!Character.isSurrogate((char) unit)) {
            return emitCodePoint(sink, unit);
        }
        if (Character.isHighSurrogate((char) unit)
                && pos + 1 < end && byteAt(pos) == '\\' && byteAt(pos + 1) == 'u') {
            int low = hex4(pos + 2);
            if (low < 0) {
                return stringError(sink, KEY_INVALID_ESCAPE);
            }
            if (Character.isLowSurrogate((char) low)) {
                pos += 6;
                return emitCodePoint(sink, Character.toCodePoint((char) unit, (char) low));
            }
        }
        // Valid JSON grammar (RFC 8259 8.2) that names no character: refused in the key, let through
        // where the string is skipped (an ignored field, a batch item not read yet), and matched as
        // it is against names and values (it matches none: an unknown member is ignored, an unknown
        // unit or algorithm gets that field's own error).
        if (sink == SINK_KEY) {
            return KEY_LONE_SURROGATE;
        }
        return sink == SINK_SKIP ? null : emitCodePoint(sink, unit);
    }

    /** The four hex digits at {@code i} as a number, or -1. */
    private int hex4(int i) {
        if (end - i < 4) {
            return -1;
        }
        int value = 0;
        for (int k = i; k < i + 4; k++) {
            int digit = Character.digit(byteAt(k), 16);
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /**
     * The length of the well-formed UTF-8 sequence whose lead byte {@code lead} is at {@code i},
     * or -1. Follows the Unicode table of well-formed sequences, so overlong forms, UTF-16
     * surrogates and code points above U+10FFFF are all rejected.
     */
    private int utf8SequenceLength(int i, int lead) {
        int length = Utf8.sequenceLength(lead);
        if (length < 2 || end - i < length || !Utf8.secondFits(lead, byteAt(i + 1) & 0xFF)) {
            return -1;
        }
        for (int k = i + 2; k < i + length; k++) {
            if (!Utf8.isContinuation(byteAt(k) & 0xFF)) {
                return -1;
            }
        }
        return length;
    }

    /** Only the key has errors of its own; a bad string anywhere else is just malformed JSON. */
    private static DecodeError stringError(int sink, DecodeError keyError) {
        return sink == SINK_KEY ? keyError : BODY_MALFORMED;
    }

    private void emitRun(int sink, int from, int to) {
        int length = to - from;
        if (length == 0) {
            return;
        }
        if (sink == SINK_KEY) {
            int start = key.length();
            byte[] dst = key.array(start + length);
            if (address != 0) {
                // A plain loop of unchecked loads: Unsafe.copyMemory into a heap array runs argument
                // checks that cost more than copying a key (measured: 16% of a request's CPU).
                for (int i = 0; i < length; i++) {
                    dst[start + i] = PlatformDependent.getByte(address + from + i);
                }
            } else {
                buf.getBytes(from, dst, start, length);
            }
            key.setLength(start + length);
        } else if (sink == SINK_MATCH) {
            matchRun(from, length);
        }
    }

    private DecodeError emitCodePoint(int sink, int codePoint) {
        if (sink == SINK_KEY && key.length() + utf8Length(codePoint) > maxKeyBytes) {
            return KEY_TOO_LONG;
        }
        if (codePoint < 0x80) {
            emitByte(sink, codePoint);
        } else if (codePoint < 0x800) {
            emitByte(sink, 0xC0 | codePoint >> 6);
            emitByte(sink, 0x80 | codePoint & 0x3F);
        } else if (codePoint < 0x10000) {
            emitByte(sink, 0xE0 | codePoint >> 12);
            emitByte(sink, 0x80 | codePoint >> 6 & 0x3F);
            emitByte(sink, 0x80 | codePoint & 0x3F);
        } else {
            emitByte(sink, 0xF0 | codePoint >> 18);
            emitByte(sink, 0x80 | codePoint >> 12 & 0x3F);
            emitByte(sink, 0x80 | codePoint >> 6 & 0x3F);
            emitByte(sink, 0x80 | codePoint & 0x3F);
        }
        return null;
    }

    private static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    private void emitByte(int sink, int b) {
        if (sink == SINK_KEY) {
            key.append((byte) b);
        } else if (sink == SINK_MATCH && alive != 0) {
            match((byte) b);
        }
    }

    // ---- matching decoded bytes against known spellings ----------------------------------

    private void startMatch(byte[][] spellings) {
        candidates = spellings;
        alive = (1 << spellings.length) - 1;
        matched = 0;
    }

    /** {@link #match} for a whole run at once: most candidates drop out on length alone. */
    private void matchRun(int from, int length) {
        for (int k = 0; k < candidates.length && alive != 0; k++) {
            if ((alive & 1 << k) == 0) {
                continue;
            }
            byte[] candidate = candidates[k];
            if (matched + length > candidate.length || !regionEquals(from, candidate, matched, length)) {
                alive &= ~(1 << k);
            }
        }
        matched += length;
    }

    private boolean regionEquals(int from, byte[] candidate, int offset, int length) {
        for (int i = 0; i < length; i++) {
            if (byteAt(from + i) != candidate[offset + i]) {
                return false;
            }
        }
        return true;
    }

    private void match(byte b) {
        for (int k = 0; k < candidates.length; k++) {
            byte[] candidate = candidates[k];
            if (matched >= candidate.length || candidate[matched] != b) {
                alive &= ~(1 << k);
            }
        }
        matched++;
    }

    /** The candidate equal to the whole decoded string, or -1. */
    private int matchedIndex() {
        for (int k = 0; k < candidates.length; k++) {
            if ((alive & 1 << k) != 0 && candidates[k].length == matched) {
                return k;
            }
        }
        return -1;
    }

    // ---- skipping values we do not use ---------------------------------------------------

    /** Skips the value at {@code pos}; a container there would be at nesting level {@code depth}. */
    private DecodeError skipValue(int depth) {
        if (pos == end) {
            return BODY_MALFORMED;
        }
        switch (byteAt(pos)) {
            case '{': return skipObject(depth);
            case '[': return skipArray(depth);
            case '"': return scanString(SINK_SKIP);
            case 't': return skipLiteral(TRUE);
            case 'f': return skipLiteral(FALSE);
            case 'n': return skipLiteral(NULL);
            default: return skipNumber();
        }
    }

    private DecodeError skipObject(int depth) {
        if (depth > MAX_DEPTH) {
            return BODY_TOO_DEEP;
        }
        pos++;
        if (consume('}')) {
            return null;
        }
        do {
            skipWhitespace();
            if (!at('"')) {
                return BODY_MALFORMED;
            }
            DecodeError error = scanString(SINK_SKIP);
            if (error != null) {
                return error;
            }
            if (!consume(':')) {
                return BODY_MALFORMED;
            }
            skipWhitespace();
            error = skipValue(depth + 1);
            if (error != null) {
                return error;
            }
        } while (consume(','));
        return consume('}') ? null : BODY_MALFORMED;
    }

    private DecodeError skipArray(int depth) {
        if (depth > MAX_DEPTH) {
            return BODY_TOO_DEEP;
        }
        pos++;
        if (consume(']')) {
            return null;
        }
        do {
            skipWhitespace();
            DecodeError error = skipValue(depth + 1);
            if (error != null) {
                return error;
            }
        } while (consume(','));
        return consume(']') ? null : BODY_MALFORMED;
    }

    private DecodeError skipLiteral(byte[] literal) {
        if (end - pos < literal.length) {
            return BODY_MALFORMED;
        }
        for (int k = 0; k < literal.length; k++) {
            if (byteAt(pos + k) != literal[k]) {
                return BODY_MALFORMED;
            }
        }
        pos += literal.length;
        return null;
    }

    /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?} */
    private DecodeError skipNumber() {
        if (at('-')) {
            pos++;
        }
        if (at('0')) {
            pos++;
        } else if (!skipDigits()) {
            return BODY_MALFORMED;
        }
        if (at('.')) {
            pos++;
            if (!skipDigits()) {
                return BODY_MALFORMED;
            }
        }
        if (at('e') || at('E')) {
            pos++;
            if (at('+') || at('-')) {
                pos++;
            }
            if (!skipDigits()) {
                return BODY_MALFORMED;
            }
        }
        return null;
    }

    /** Skips one or more digits; false if there were none. */
    private boolean skipDigits() {
        int start = pos;
        while (pos < end && isDigit(byteAt(pos))) {
            pos++;
        }
        return pos > start;
    }

    // ---- bytes and whitespace -------------------------------------------------------------

    private byte byteAt(int index) {
        if (array != null) {
            return array[arrayOffset + index];
        }
        return address != 0 ? PlatformDependent.getByte(address + index) : buf.getByte(index);
    }

    private boolean at(int c) {
        return pos < end && byteAt(pos) == c;
    }

    /** Skips whitespace, then consumes {@code c} if it is next. */
    private boolean consume(int c) {
        skipWhitespace();
        if (at(c)) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte b = byteAt(pos);
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return;
            }
            pos++;
        }
    }

    private static byte[][] ascii(String... words) {
        byte[][] bytes = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            bytes[i] = words[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }

    private static byte[][] algorithmNames() {
        byte[][] names = new byte[ALGORITHMS.length][];
        for (int i = 0; i < names.length; i++) {
            names[i] = ALGORITHMS[i].spelling().getBytes(StandardCharsets.US_ASCII);
        }
        return names;
    }

    private static byte[][] unitNames() {
        byte[][] names = new byte[UNITS.length][];
        for (int i = 0; i < UNITS.length; i++) {
            names[i] = UNITS[i].spellingBytes();
        }
        return names;
    }
}
