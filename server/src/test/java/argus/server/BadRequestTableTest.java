package argus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad request, on the wire, with the status and reason it must get (I6); after
 * each one the server still answers a good request correctly.
 */
class BadRequestTableTest {

    @RegisterExtension
    static final RunningServer server = new RunningServer(Map.of("MAX_KEY_BYTES", "64", "READ_TIMEOUT_MS", "300"));
    private static final AtomicInteger GOOD_KEYS = new AtomicInteger();

    private static String post(String body) {
        return RawHttp.limitRequest(body, "");
    }

    private static byte[] postBytes(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("POST /api/v1/limit HTTP/1.1\r\nhost: t\r\ncontent-length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static Arguments row(String name, String raw, int status, String reason) {
        return Arguments.of(name, raw.getBytes(StandardCharsets.UTF_8), status, reason);
    }

    private static Arguments row(String name, byte[] raw, int status, String reason) {
        return Arguments.of(name, raw, status, reason);
    }

    static Stream<Arguments> badRequests() {
        String ok = "\"capacity\":5,\"interval\":60,\"unit\":\"s\"";
        return Stream.of(
            row("truncated JSON", post("{\"key\":\"k\",\"capacity\":5"), 400, "body: malformed JSON"),
            row("trailing garbage", post("{\"key\":\"k\"," + ok + "}xyz"), 400, "body: unexpected data after the JSON object"),
            row("key as number", post("{\"key\":12," + ok + "}"), 400, "key: must be a string"),
            row("key as object", post("{\"key\":{\"a\":1}," + ok + "}"), 400, "key: must be a string"),
            row("key as null", post("{\"key\":null," + ok + "}"), 400, "key: must be a string"),
            row("capacity as array", post("{\"key\":\"k\",\"capacity\":[5],\"interval\":60,\"unit\":\"s\"}"), 400, "capacity: must be an integer"),
            row("top-level array", post("[{\"key\":\"k\"}]"), 400, "body: not a JSON object"),
            row("top-level null", post("null"), 400, "body: not a JSON object"),
            row("capacity as string", post("{\"key\":\"k\",\"capacity\":\"5\",\"interval\":60,\"unit\":\"s\"}"), 400, "capacity: must be an integer"),
            row("capacity as float", post("{\"key\":\"k\",\"capacity\":5.0,\"interval\":60,\"unit\":\"s\"}"), 400, "capacity: must be an integer"),
            row("capacity with exponent", post("{\"key\":\"k\",\"capacity\":5e2,\"interval\":60,\"unit\":\"s\"}"), 400, "capacity: must be an integer"),
            row("capacity beyond int64", post("{\"key\":\"k\",\"capacity\":9223372036854775808,\"interval\":60,\"unit\":\"s\"}"), 400, "capacity: must be an integer between 1 and"),
            row("interval beyond int32", post("{\"key\":\"k\",\"capacity\":5,\"interval\":2147483648,\"unit\":\"s\"}"), 400, "interval: must be an integer between 1 and 2147483647"),
            row("negative interval", post("{\"key\":\"k\",\"capacity\":5,\"interval\":-1,\"unit\":\"s\"}"), 400, "interval: must be an integer between 1 and 2147483647"),
            row("unknown unit", post("{\"key\":\"k\",\"capacity\":5,\"interval\":60,\"unit\":\"m\"}"), 400, "unit: must be one of"),
            row("empty key", post("{\"key\":\"\"," + ok + "}"), 400, "key: must not be empty"),
            row("over-long key", post("{\"key\":\"" + "k".repeat(65) + "\"," + ok + "}"), 400, "key: longer than 64 bytes"),
            row("invalid UTF-8 in key", postBytes(concat("{\"key\":\"a", new byte[] {(byte) 0xC3, (byte) 0x28}, "\"," + ok + "}")), 400, "key: invalid UTF-8"),
            row("lone surrogate escape", post("{\"key\":\"\\ud800\"," + ok + "}"), 400, "key: lone surrogate"),
            row("bad escape", post("{\"key\":\"\\q\"," + ok + "}"), 400, "key: invalid escape sequence"),
            row("empty body", post(""), 400, "body: empty"),
            row("missing field", post("{\"key\":\"k\",\"capacity\":5,\"unit\":\"s\"}"), 400, "interval: missing"),
            row("bad earlier duplicate", post("{\"key\":\"k\",\"capacity\":\"x\",\"capacity\":5,\"interval\":60,\"unit\":\"s\"}"), 400, "capacity: must be an integer"),
            row("rate above 1/ns", post("{\"key\":\"k\",\"capacity\":2000,\"interval\":1,\"unit\":\"us\"}"), 400, "rate: capacity exceeds"),
            row("body over the limit", post("{\"key\":\"" + "k".repeat(5000) + "\"}"), 413, "body: larger than 4096 bytes"),
            row("chunked body over the limit", "POST /api/v1/limit HTTP/1.1\r\nhost: t\r\ntransfer-encoding: chunked\r\n\r\n"
                    + "1000\r\n" + "x".repeat(4096) + "\r\n10\r\n" + "y".repeat(16) + "\r\n0\r\n\r\n", 413, "body: larger than"),
            row("POST without content-length", "POST /api/v1/limit HTTP/1.1\r\nhost: t\r\n\r\n", 400, "body: empty"),
            row("content-length shorter than the body", "POST /api/v1/limit HTTP/1.1\r\nhost: t\r\ncontent-length: 5\r\n\r\n{\"key\":\"k\"," + ok + "}", 400, "body: malformed JSON"),
            row("content-length longer than the body", "POST /api/v1/limit HTTP/1.1\r\nhost: t\r\ncontent-length: 500\r\n\r\n{\"key\":\"k\"," + ok + "}", 408, "request: not received in full"),
            row("content-length not a number", "POST /api/v1/limit HTTP/1.1\r\nhost: t\r\ncontent-length: abc\r\n\r\n{}", 400, "request: malformed HTTP"),
            row("oversized headers", "GET /api/v1/health HTTP/1.1\r\nhost: t\r\nx-pad: " + "p".repeat(9000) + "\r\n\r\n", 431, "request: header fields too large"),
            row("oversized URI", "GET /" + "u".repeat(5000) + " HTTP/1.1\r\nhost: t\r\n\r\n", 414, "request: URI too long"),
            row("unsupported method", "BREW /api/v1/limit HTTP/1.1\r\nhost: t\r\n\r\n", 405, "method: /api/v1/limit takes POST"),
            row("garbage request line", "\u0001\u0002\u0003 nonsense\r\n\r\n", 400, "request: malformed HTTP"),
            row("unknown path", "GET /admin HTTP/1.1\r\nhost: t\r\n\r\n", 404, "path: not found"),
            row("no Host header", "GET /api/v1/health HTTP/1.1\r\n\r\n", 400, "request: an HTTP/1.1 request needs a Host header"),
            row("two Host headers", "GET /api/v1/health HTTP/1.1\r\nhost: a\r\nhost: b\r\n\r\n", 400, "request: more than one Host header"),
            row("invalid Host header", "GET /api/v1/health HTTP/1.1\r\nhost: a b\r\n\r\n", 400, "request: invalid Host header")
        );
    }

    private static byte[] concat(String a, byte[] b, String c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(b);
        out.writeBytes(c.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void shouldAnswerWithAReasonAndGoOn(String name, byte[] raw, int status, String reason) throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.sendBytes(raw);
            RawHttp.Response r = http.read();
            assertEquals(status, r.status(), name + ": " + r.body());
            assertTrue(r.body().startsWith(reason), name + ": " + r.body());
            assertEquals(1, r.body().split("\n").length, "one line");
        }
        try (RawHttp http = new RawHttp(server.port())) {
            String key = "after-bad-" + GOOD_KEYS.incrementAndGet();
            http.send(post(RawHttp.body(key, 1, 60, "s")));
            assertEquals("OK", http.read().body());
            http.send(post(RawHttp.body(key, 1, 60, "s")));
            assertEquals("LIMITED", http.read().body());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedOddities")
    void shouldAcceptDocumentedOddities(String name, String body) throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send(post(body));
            RawHttp.Response r = http.read();
            assertEquals(200, r.status(), name + ": " + r.body());
            assertEquals("OK", r.body(), name);
        }
    }

    static Stream<Arguments> acceptedOddities() {
        return Stream.of(
            Arguments.of("unknown fields are ignored", "{\"key\":\"odd-1\",\"tenant\":{\"x\":[1,2]},\"capacity\":5,\"interval\":60,\"unit\":\"s\"}"),
            Arguments.of("the last of valid duplicates wins", "{\"key\":\"ignored\",\"key\":\"odd-2\",\"capacity\":1,\"capacity\":5,\"interval\":60,\"unit\":\"s\"}"),
            Arguments.of("whitespace anywhere", " \n{ \"key\" : \"odd-3\" ,\t\"capacity\" : 5 , \"interval\" : 60 , \"unit\" : \"ms\" }\r\n"),
            Arguments.of("escaped field names", "{\"k\\u0065y\":\"odd-4\",\"capacity\":5,\"interval\":60,\"unit\":\"us\"}")
        );
    }
}
