package argus.codec;

import static argus.codec.DecodeError.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import argus.engine.Algorithm;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LimitRequestDecoderTest {

    private static final int MAX_KEY_BYTES = 16;
    private static final String REST = "\"capacity\":10,\"interval\":60,\"unit\":\"s\"";

    private final Decoding decoding = new Decoding(MAX_KEY_BYTES);

    /** An object of the given members. */
    private static String object(String... members) {
        return "{" + String.join(",", members) + "}";
    }

    private static String withKey(String keyJson) {
        return object("\"key\":" + keyJson, REST);
    }

    private static String withCapacity(String capacity) {
        return object("\"key\":\"k\"", "\"capacity\":" + capacity, "\"interval\":60", "\"unit\":\"s\"");
    }

    private static String withInterval(String interval) {
        return object("\"key\":\"k\"", "\"capacity\":1", "\"interval\":" + interval, "\"unit\":\"s\"");
    }

    private static String withUnit(String unit) {
        return object("\"key\":\"k\"", "\"capacity\":1", "\"interval\":60", "\"unit\":" + unit);
    }

    private static String nested(String open, String close, int levels) {
        return open.repeat(levels) + close.repeat(levels);
    }

    static Stream<Arguments> validBodies() {
        return Stream.of(
                arguments(object("\"key\":\"user-1\"", REST), "user-1", 10L, 60, Unit.S),
                arguments("{\"unit\":\"ms\",\"interval\":250,\"capacity\":5,\"key\":\"a\"}", "a", 5L, 250, Unit.MS),
                arguments(withUnit("\"us\""), "k", 1L, 60, Unit.US),
                arguments(" \t\r\n{ \"key\" : \"k\" ,\n\"capacity\"\t:\r1 , \"interval\" : 60 , \"unit\" : \"s\" }\n ",
                        "k", 1L, 60, Unit.S),
                arguments(object("\"key\":\"first\"", "\"key\":\"last\"", REST), "last", 10L, 60, Unit.S),
                arguments(object("\"key\":\"k\"", "\"capacity\":3", REST), "k", 10L, 60, Unit.S),
                arguments(object("\"k\\u0065y\":\"k\"", "\"c\\u0061pacity\":7", "\"interval\":60", "\"\\u0075nit\":\"\\u0073\""),
                        "k", 7L, 60, Unit.S),
                arguments(object("\"extra\":{\"a\":[1,-2.5e+3,true,false,null,\"\\\"\"],\"b\":{}}", "\"key\":\"k\"", REST),
                        "k", 10L, 60, Unit.S),
                arguments(object("\"keys\":1", "\"ke\":2", "\"\":3", "\"key\":\"k\"", REST), "k", 10L, 60, Unit.S),
                arguments(object("\"deep\":" + nested("[", "]", LimitRequestDecoder.MAX_DEPTH - 1), "\"key\":\"k\"", REST),
                        "k", 10L, 60, Unit.S),
                arguments(object("\"key\":\"" + "x".repeat(MAX_KEY_BYTES) + "\"", REST),
                        "x".repeat(MAX_KEY_BYTES), 10L, 60, Unit.S),
                arguments(object("\"key\":\"" + "\\u00e9".repeat(MAX_KEY_BYTES / 2) + "\"", REST),
                        "é".repeat(MAX_KEY_BYTES / 2), 10L, 60, Unit.S),
                arguments(withCapacity("2147483647000000000").replace("\"interval\":60", "\"interval\":2147483647"),
                        "k", 2_147_483_647_000_000_000L, Integer.MAX_VALUE, Unit.S),
                arguments(withInterval(String.valueOf(Integer.MAX_VALUE)), "k", 1L, Integer.MAX_VALUE, Unit.S),
                arguments("{\"key\":\"k\",\"capacity\":1000,\"interval\":1,\"unit\":\"us\"}", "k", 1000L, 1, Unit.US));
    }

    @ParameterizedTest
    @MethodSource("validBodies")
    void shouldDecodeValidBodyInEveryBufferShape(String body, String key, long capacity, int interval, Unit unit) {
        for (BufferKind kind : BufferKind.values()) {
            assertNull(decoding.decode(kind, body), () -> kind + ": " + body);
            LimitRequest request = decoding.request;
            assertEquals(key, request.key().toString(), kind::name);
            assertEquals(capacity, request.capacity(), kind::name);
            assertEquals(interval, request.interval(), kind::name);
            assertSame(unit, request.unit(), kind::name);
        }
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                arguments("", BODY_EMPTY),
                arguments(" \r\n\t ", BODY_EMPTY),
                arguments("[]", BODY_NOT_OBJECT),
                arguments("\"key\"", BODY_NOT_OBJECT),
                arguments("42", BODY_NOT_OBJECT),
                arguments("null", BODY_NOT_OBJECT),
                arguments("{", BODY_MALFORMED),
                arguments("{\"key\":\"k\"", BODY_MALFORMED),
                arguments("{\"key\":", BODY_MALFORMED),
                arguments("{\"key\":\"k", BODY_MALFORMED),
                arguments("{\"key\" \"k\"}", BODY_MALFORMED),
                arguments("{key:\"k\"}", BODY_MALFORMED),
                arguments("{\"key\":'k'}", BODY_MALFORMED),
                arguments(object("\"key\":\"k\"", REST) + ",", BODY_TRAILING_DATA),
                arguments("{\"key\":\"k\"," + REST + ",}", BODY_MALFORMED),
                arguments("{\"key\":\"k\" " + REST + "}", BODY_MALFORMED),
                arguments("{,\"key\":\"k\"}", BODY_MALFORMED),
                arguments(withKey("\"a\tb\""), BODY_MALFORMED),
                arguments(withKey("\"a\u0000b\""), BODY_MALFORMED),
                arguments(object("\"x\":tru", "\"key\":\"k\"", REST), BODY_MALFORMED),
                arguments(object("\"x\":nul", "\"key\":\"k\"", REST), BODY_MALFORMED),
                arguments(object("\"x\":[1,]", "\"key\":\"k\"", REST), BODY_MALFORMED),
                arguments(object("\"x\":{\"a\"}", "\"key\":\"k\"", REST), BODY_MALFORMED),
                arguments(object("\"x\":1.", "\"key\":\"k\"", REST), BODY_MALFORMED),
                arguments(object("\"x\":1e", "\"key\":\"k\"", REST), BODY_MALFORMED),
                arguments(object("\"x\":-", "\"key\":\"k\"", REST), BODY_MALFORMED),
                arguments(object("\"x\":\"\\q\"", "\"key\":\"k\"", REST), BODY_MALFORMED),
                arguments(object("\"x\":" + nested("[", "]", LimitRequestDecoder.MAX_DEPTH), "\"key\":\"k\"", REST),
                        BODY_TOO_DEEP),
                arguments(object("\"x\":" + nested("{\"a\":", "}", LimitRequestDecoder.MAX_DEPTH) .replace("{\"a\":}", "{}"),
                        "\"key\":\"k\"", REST), BODY_TOO_DEEP),
                arguments(object("\"key\":\"k\"", REST) + "x", BODY_TRAILING_DATA),
                arguments(object("\"key\":\"k\"", REST) + " {}", BODY_TRAILING_DATA),

                arguments(object(REST), KEY_MISSING),
                arguments(object("\"keys\":\"k\"", REST), KEY_MISSING),
                arguments(withKey("5"), KEY_NOT_STRING),
                arguments(withKey("null"), KEY_NOT_STRING),
                arguments(withKey("[\"k\"]"), KEY_NOT_STRING),
                arguments(withKey("{\"k\":1}"), KEY_NOT_STRING),
                arguments(withKey("[\"k\""), BODY_MALFORMED),
                arguments(withKey("\"\""), KEY_EMPTY),
                arguments(withKey("\"" + "x".repeat(MAX_KEY_BYTES + 1) + "\""), KEY_TOO_LONG),
                arguments(withKey("\"" + "x".repeat(MAX_KEY_BYTES - 1) + "é\""), KEY_TOO_LONG),
                arguments(withKey("\"" + "x".repeat(MAX_KEY_BYTES) + "\\n\""), KEY_TOO_LONG),
                arguments(withKey("\"" + "\\u00e9".repeat(MAX_KEY_BYTES / 2 + 1) + "\""), KEY_TOO_LONG),
                arguments(withKey("\"a\\x\""), KEY_INVALID_ESCAPE),
                arguments(withKey("\"a\\u12G4\""), KEY_INVALID_ESCAPE),
                arguments(withKey("\"a\\U0041\""), KEY_INVALID_ESCAPE),
                arguments("{\"key\":\"a\\u12", KEY_INVALID_ESCAPE),
                arguments("{\"key\":\"a\\", BODY_MALFORMED),
                arguments(withKey("\"\\ud83d\""), KEY_LONE_SURROGATE),
                arguments(withKey("\"\\ude00\""), KEY_LONE_SURROGATE),
                arguments(withKey("\"\\ud83dx\""), KEY_LONE_SURROGATE),
                arguments(withKey("\"\\ud83d\\u0041\""), KEY_LONE_SURROGATE),
                arguments(withKey("\"\\ud83d\\ud83d\""), KEY_LONE_SURROGATE),
                arguments(withKey("\"\\ud83d\\n\""), KEY_LONE_SURROGATE),
                arguments(withKey("\"\\ud83d\\uzzzz\""), KEY_INVALID_ESCAPE),

                arguments(withCapacity(""), BODY_MALFORMED),
                arguments(withCapacity("\"5\""), CAPACITY_NOT_INTEGER),
                arguments(withCapacity("1.0"), CAPACITY_NOT_INTEGER),
                arguments(withCapacity("1e3"), CAPACITY_NOT_INTEGER),
                arguments(withCapacity("1E3"), CAPACITY_NOT_INTEGER),
                arguments(withCapacity("-1.5"), CAPACITY_NOT_INTEGER),
                arguments(withCapacity("true"), CAPACITY_NOT_INTEGER),
                arguments(withCapacity("false"), CAPACITY_NOT_INTEGER),
                arguments(withCapacity("null"), CAPACITY_NOT_INTEGER),
                arguments(withCapacity("[1]"), CAPACITY_NOT_INTEGER),
                arguments(withCapacity("01"), CAPACITY_NOT_INTEGER),
                arguments(withCapacity("00"), CAPACITY_NOT_INTEGER),
                arguments(withCapacity("-01"), CAPACITY_NOT_INTEGER),
                arguments(withCapacity("+1"), BODY_MALFORMED),
                arguments(withCapacity("-"), BODY_MALFORMED),
                arguments(withCapacity("-x"), BODY_MALFORMED),
                arguments(withCapacity("1x"), BODY_MALFORMED),
                arguments(withCapacity("0"), CAPACITY_OUT_OF_RANGE),
                arguments(withCapacity("-0"), CAPACITY_OUT_OF_RANGE),
                arguments(withCapacity("-1"), CAPACITY_OUT_OF_RANGE),
                arguments(withCapacity("-9223372036854775808"), CAPACITY_OUT_OF_RANGE),
                arguments(withCapacity("9223372036854775808"), CAPACITY_OUT_OF_RANGE),
                arguments(withCapacity("18446744073709551616"), CAPACITY_OUT_OF_RANGE),
                arguments(withCapacity("9".repeat(100_000)), CAPACITY_OUT_OF_RANGE),
                arguments(object("\"key\":\"k\"", "\"interval\":60", "\"unit\":\"s\""), CAPACITY_MISSING),

                arguments(withInterval("\"60\""), INTERVAL_NOT_INTEGER),
                arguments(withInterval("60.5"), INTERVAL_NOT_INTEGER),
                arguments(withInterval("6e1"), INTERVAL_NOT_INTEGER),
                arguments(withInterval("null"), INTERVAL_NOT_INTEGER),
                arguments(withInterval("060"), INTERVAL_NOT_INTEGER),
                arguments(withInterval("0"), INTERVAL_OUT_OF_RANGE),
                arguments(withInterval("-60"), INTERVAL_OUT_OF_RANGE),
                arguments(withInterval("2147483648"), INTERVAL_OUT_OF_RANGE),
                arguments(withInterval(String.valueOf(Long.MAX_VALUE)), INTERVAL_OUT_OF_RANGE),
                arguments(object("\"key\":\"k\"", "\"capacity\":1", "\"unit\":\"s\""), INTERVAL_MISSING),

                arguments(withUnit("\"m\""), UNIT_INVALID),
                arguments(withUnit("\"S\""), UNIT_INVALID),
                arguments(withUnit("\"sec\""), UNIT_INVALID),
                arguments(withUnit("\"mss\""), UNIT_INVALID),
                arguments(withUnit("\"\""), UNIT_INVALID),
                arguments(withUnit("1"), UNIT_INVALID),
                arguments(withUnit("null"), UNIT_INVALID),
                arguments(withUnit("[\"s\"]"), UNIT_INVALID),
                arguments(object("\"key\":\"k\"", "\"capacity\":1", "\"interval\":60"), UNIT_MISSING),

                arguments(object("\"key\":\"k\"", "\"capacity\":1001", "\"interval\":1", "\"unit\":\"us\""), RATE_TOO_HIGH),
                arguments(withCapacity(String.valueOf(Long.MAX_VALUE)), RATE_TOO_HIGH),

                arguments(object("\"key\":5", "\"key\":\"k\"", REST), KEY_NOT_STRING),
                arguments(object("\"capacity\":\"x\"", "\"key\":\"k\"", REST), CAPACITY_NOT_INTEGER),
                arguments(object("\"key\":\"k\"", REST, "\"unit\":\"h\""), UNIT_INVALID));
    }

    static Stream<Arguments> optionalMembers() {
        return Stream.of(
                arguments(object("\"key\":\"k\"", REST), 1L, Algorithm.TOKEN_BUCKET),
                arguments(object("\"key\":\"k\"", REST, "\"hits\":0"), 0L, Algorithm.TOKEN_BUCKET),
                arguments(object("\"hits\":25", "\"key\":\"k\"", REST), 25L, Algorithm.TOKEN_BUCKET),
                arguments(object("\"key\":\"k\"", REST, "\"hits\":" + Long.MAX_VALUE), Long.MAX_VALUE, Algorithm.TOKEN_BUCKET),
                arguments(object("\"key\":\"k\"", REST, "\"algorithm\":\"leaky_bucket\""), 1L, Algorithm.LEAKY_BUCKET),
                arguments(object("\"algorithm\":\"fixed_window\"", "\"key\":\"k\"", REST), 1L, Algorithm.FIXED_WINDOW),
                arguments(object("\"key\":\"k\"", REST, "\"algorithm\":\"sliding_window\"", "\"hits\":3"), 3L,
                        Algorithm.SLIDING_WINDOW),
                arguments(object("\"key\":\"k\"", REST, "\"algorithm\":\"token_bucket\""), 1L, Algorithm.TOKEN_BUCKET));
    }

    @ParameterizedTest
    @MethodSource("optionalMembers")
    void shouldDecodeOptionalHitsAndAlgorithm(String body, long hits, Algorithm algorithm) {
        for (BufferKind kind : BufferKind.values()) {
            assertNull(decoding.decode(kind, body), () -> kind + ": " + body);
            assertEquals(hits, decoding.request.hits(), kind::name);
            assertSame(algorithm, decoding.request.algorithm(), kind::name);
        }
    }

    @Test
    void shouldResetOptionalMembersBetweenRequests() {
        assertNull(decoding.decode(BufferKind.HEAP, object("\"key\":\"k\"", REST, "\"hits\":5", "\"algorithm\":\"fixed_window\"")));
        assertNull(decoding.decode(BufferKind.HEAP, object("\"key\":\"k\"", REST)));
        assertEquals(1, decoding.request.hits());
        assertSame(Algorithm.TOKEN_BUCKET, decoding.request.algorithm());
    }

    static Stream<Arguments> invalidOptionalMembers() {
        return Stream.of(
                arguments(object("\"key\":\"k\"", REST, "\"hits\":-1"), HITS_OUT_OF_RANGE),
                arguments(object("\"key\":\"k\"", REST, "\"hits\":9223372036854775808"), HITS_OUT_OF_RANGE),
                arguments(object("\"key\":\"k\"", REST, "\"hits\":1.5"), HITS_NOT_INTEGER),
                arguments(object("\"key\":\"k\"", REST, "\"hits\":\"2\""), HITS_NOT_INTEGER),
                arguments(object("\"key\":\"k\"", REST, "\"hits\":null"), HITS_NOT_INTEGER),
                arguments(object("\"key\":\"k\"", REST, "\"algorithm\":\"gcra\""), ALGORITHM_INVALID),
                arguments(object("\"key\":\"k\"", REST, "\"algorithm\":\"TOKEN_BUCKET\""), ALGORITHM_INVALID),
                arguments(object("\"key\":\"k\"", REST, "\"algorithm\":1"), ALGORITHM_INVALID),
                arguments(object("\"key\":\"k\"", REST, "\"algorithm\":\"\""), ALGORITHM_INVALID));
    }

    @ParameterizedTest
    @MethodSource("invalidOptionalMembers")
    void shouldRejectBadOptionalMembers(String body, DecodeError expected) {
        for (BufferKind kind : BufferKind.values()) {
            assertEquals(expected, decoding.decode(kind, body), () -> kind + ": " + body);
        }
    }

    @ParameterizedTest
    @MethodSource("invalidBodies")
    void shouldRejectInvalidBodyWithExactReasonInEveryBufferShape(String body, DecodeError expected) {
        for (BufferKind kind : BufferKind.values()) {
            assertEquals(expected, decoding.decode(kind, body), () -> kind + ": " + body);
        }
    }

    static Stream<Arguments> invalidUtf8() {
        return Stream.of(
                arguments("lone continuation byte", new byte[] {(byte) 0x80}),
                arguments("overlong slash", new byte[] {(byte) 0xC0, (byte) 0xAF}),
                arguments("overlong three-byte", new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}),
                arguments("overlong four-byte", new byte[] {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF}),
                arguments("encoded surrogate", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
                arguments("above U+10FFFF", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}),
                arguments("invalid lead byte", new byte[] {(byte) 0xFF}),
                arguments("truncated sequence", new byte[] {(byte) 0xE2, (byte) 0x82}),
                arguments("ASCII inside a sequence", new byte[] {(byte) 0xE2, 'a', (byte) 0xAC}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8")
    void shouldRejectKeyThatIsNotValidUtf8(String description, byte[] bad) {
        for (BufferKind kind : BufferKind.values()) {
            assertEquals(KEY_INVALID_UTF8, decoding.decode(kind, bodyWithRawKey(bad)), kind::name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8")
    void shouldRejectInvalidUtf8AnywhereElseAsMalformed(String description, byte[] bad) {
        byte[] body = concat(bytes("{\"x\":\""), bad, bytes("\",\"key\":\"k\"," + REST + "}"));
        assertEquals(BODY_MALFORMED, decoding.decode(BufferKind.HEAP, body));
    }

    /** Valid JSON grammar (RFC 8259 8.2) that names no character is refused in the key only. */
    @Test
    void shouldAcceptALoneSurrogateEscapeInAnIgnoredField() {
        byte[] body = bytes("{\"x\":\"\\ud800\",\"key\":\"k\"," + REST + "}");
        for (BufferKind kind : BufferKind.values()) {
            assertNull(decoding.decode(kind, body), kind::name);
        }
        assertEquals(KEY_LONE_SURROGATE, decoding.decode(BufferKind.HEAP, withKey("\"k\\ud800\"")));
        assertNull(decoding.decode(BufferKind.HEAP, bytes("{\"\\ud800x\":1,\"key\":\"k\"," + REST + "}")),
                "an unknown member, whatever its name");
        assertEquals(UNIT_INVALID, decoding.decode(BufferKind.HEAP,
                bytes("{\"key\":\"k\",\"capacity\":1,\"interval\":1,\"unit\":\"s\\udc00\"}")));
    }

    @Test
    void shouldAcceptEveryLengthOfValidUtf8InKey() {
        String key = "$¢€𐍈\uFFFD\uD7FF\uE000";
        Decoding wide = new Decoding(64);
        assertNull(wide.decode(BufferKind.DIRECT, withKey("\"" + key + "\"")));
        assertEquals(key, wide.request.key().toString());
    }

    static Stream<Arguments> sameKeys() {
        return Stream.of(
                arguments("\"é\"", "\"\\u00e9\""),
                arguments("\"é\"", "\"\\u00E9\""),
                arguments("\"😀\"", "\"\\ud83d\\ude00\""),
                arguments("\"😀\"", "\"\\uD83D\\uDE00\""),
                arguments("\"a/b\"", "\"a\\/b\""),
                arguments("\"a\\\"b\"", "\"a\\u0022b\""),
                arguments("\"a\\\\b\"", "\"a\\u005cb\""),
                arguments("\"€x\"", "\"\\u20acx\""),
                arguments("\"tab\\tnl\\n\"", "\"tab\\u0009nl\\u000a\""),
                arguments("\"\\b\\f\\r\"", "\"\\u0008\\u000c\\u000d\""));
    }

    @ParameterizedTest
    @MethodSource("sameKeys")
    void shouldDecodeEscapedKeyToSameBytesAsLiteral(String literal, String escaped) {
        for (BufferKind kind : BufferKind.values()) {
            assertNull(decoding.decode(kind, withKey(literal)));
            byte[] fromLiteral = decoding.keyBytes();
            assertNull(decoding.decode(kind, withKey(escaped)));
            assertArrayEquals(fromLiteral, decoding.keyBytes(), kind::name);
        }
    }

    @Test
    void shouldDecodeEscapesToTheirCharacters() {
        assertNull(decoding.decode(BufferKind.HEAP, withKey("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"")));
        assertArrayEquals("\"\\/\b\f\n\r\té😀".getBytes(StandardCharsets.UTF_8), decoding.keyBytes());
    }

    @Test
    void shouldNeverHoldMoreThanMaxKeyBytes() {
        assertEquals(KEY_TOO_LONG, decoding.decode(BufferKind.HEAP, withKey("\"" + "x".repeat(10 * MAX_KEY_BYTES) + "\"")));
        assertTrue(decoding.request.key().length() <= MAX_KEY_BYTES);
        assertEquals(KEY_TOO_LONG, decoding.decode(BufferKind.HEAP, withKey("\"" + "\\n".repeat(10 * MAX_KEY_BYTES) + "\"")));
        assertTrue(decoding.request.key().length() <= MAX_KEY_BYTES);
    }

    @Test
    void shouldNameTheConfiguredLimitInKeyTooLongReason() {
        assertEquals("key: longer than 16 bytes", decoding.decoder.reason(KEY_TOO_LONG));
        assertArrayEquals(bytes("key: longer than 16 bytes"), decoding.decoder.reasonBytes(KEY_TOO_LONG));
        assertSame(UNIT_INVALID.reasonBytes(), decoding.decoder.reasonBytes(UNIT_INVALID));
        assertEquals(UNIT_INVALID.reason(), decoding.decoder.reason(UNIT_INVALID));
    }

    @Test
    void shouldLeaveBufferIndicesAndReferenceCountAsFound() {
        byte[] body = bytes("  " + withKey("\"k\"") + "  ");
        for (BufferKind kind : BufferKind.values()) {
            for (byte[] candidate : new byte[][] {body, bytes("{\"key\":"), bytes("[1]")}) {
                ByteBuf buffer = kind.wrap(candidate);
                int readerIndex = buffer.readerIndex();
                int writerIndex = buffer.writerIndex();
                decoding.decoder.decode(buffer, decoding.request);
                assertEquals(readerIndex, buffer.readerIndex());
                assertEquals(writerIndex, buffer.writerIndex());
                assertEquals(1, buffer.refCnt());
                assertTrue(buffer.release());
            }
        }
    }

    @Test
    void shouldReuseRequestAcrossDecodes() {
        assertNull(decoding.decode(BufferKind.HEAP, withKey("\"a-longer-key\"")));
        assertNull(decoding.decode(BufferKind.HEAP, withKey("\"b\"")));
        assertEquals("b", decoding.request.key().toString());
    }

    /** Only untracked buffers: leak-aware ones allocate a trace record per access under paranoid detection. */
    @Test
    void shouldNotAllocateWhileDecoding() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        ByteBuf[] bodies = {
            Unpooled.wrappedBuffer(bytes(withKey("\"user-1234567890\""))),
            BufferKind.DIRECT.wrap(bytes(withKey("\"\\u00e9\\ud83d\\ude00\\/x\""))),
            Unpooled.wrappedBuffer(bytes(object("\"x\":[{\"a\":1.5e3},null]", "\"key\":\"k\"", REST))),
            Unpooled.wrappedBuffer(bytes(withCapacity("1e3"))),
            Unpooled.wrappedBuffer(bytes(withKey("\"\\ud83d\""))),
            Unpooled.wrappedBuffer(bytes("{\"key\":")),
        };
        try {
            long checksum = 0;
            for (int i = 0; i < 20_000; i++) {
                checksum += decodeAll(bodies);
            }
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 20_000; i++) {
                checksum += decodeAll(bodies);
            }
            long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            assertTrue(checksum > 0);
            // The JVM may allocate a few kilobytes on this thread (JIT, the measuring calls);
            // even 8 bytes per decode would be close to a megabyte.
            assertTrue(allocated < 64 * 1024, () -> allocated + " bytes allocated in 120,000 decodes");
        } finally {
            for (ByteBuf body : bodies) {
                body.release();
            }
        }
    }

    private long decodeAll(ByteBuf[] bodies) {
        long sum = 0;
        for (ByteBuf body : bodies) {
            DecodeError error = decoding.decoder.decode(body, decoding.request);
            sum += error == null ? decoding.request.key().length() : error.ordinal();
        }
        return sum;
    }

    private static byte[] bodyWithRawKey(byte[] raw) {
        return concat(bytes("{\"key\":\"a"), raw, bytes("b\"," + REST + "}"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
