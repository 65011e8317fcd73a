package argus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written request framing, byte by byte, and against Netty's own decoder. */
class HttpRequestReaderTest {

    private static final int MAX_LINE = 256;
    private static final int MAX_HEADERS = 512;
    private static final int MAX_BODY = 1024;

    /** One framed request as the handler would see it, copied out of the reader's reused head. */
    record Seen(HttpMethod method, String uri, boolean http10, boolean persistent, boolean expectContinue,
                boolean acceptJson, String body) {
    }

    /** What the reader passes on for {@code input} fed in pieces of {@code piece} bytes (0: all at once). */
    private static List<Object> read(byte[] input, int piece) {
        HttpRequestReader reader = new HttpRequestReader(MAX_LINE, MAX_HEADERS, MAX_BODY);
        List<Object> seen = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(reader, new Capture(seen));
        int step = piece <= 0 ? input.length : piece;
        for (int i = 0; i < input.length; i += step) {
            channel.writeInbound(channel.alloc().directBuffer().writeBytes(input, i, Math.min(step, input.length - i)));
        }
        channel.finishAndReleaseAll();
        return seen;
    }

    /**
     * Records what the reader passes on as it passes it, as the API handler sees it: the head is
     * reused for the next request, so it is read when it comes.
     */
    private static final class Capture extends ChannelInboundHandlerAdapter {
        private final List<Object> seen;
        private RequestHead head;

        Capture(List<Object> seen) {
            this.seen = seen;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof RequestHead) {
                RequestHead h = (RequestHead) msg;
                head = h;
                seen.add(new Seen(h.method, h.uri(), h.http10, h.persistent(), h.continueExpected(), h.acceptJson, null));
            } else if (msg instanceof ByteBuf) {
                Seen s = (Seen) seen.remove(seen.size() - 1);
                seen.add(new Seen(s.method(), s.uri(), s.http10(), s.persistent(), s.expectContinue(), s.acceptJson(),
                        ((ByteBuf) msg).toString(StandardCharsets.ISO_8859_1)));
                ((ByteBuf) msg).release();
            } else {
                seen.add(msg);
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Accept selects JSON for application/json itself with a weight above 0 (RFC 9110 12.5.1). */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "application/json                          | true",
        "text/plain, Application/JSON;q=0.9        | true",
        "application/json ; charset=utf-8; q=0.001 | true",
        "application/json;q=0                      | false",
        "application/json;q=0.000, text/plain      | false",
        "application/jsonx                         | false",
        "application/json-seq, */*                 | false",
        "text/html;q=0, application/json;q=1.0     | true",
    })
    void shouldSelectJsonByAccept(String accept, boolean json) {
        List<Object> seen = read(ascii("GET /api/v1/health HTTP/1.1\r\nhost: t\r\naccept: " + accept + "\r\n\r\n"), 0);
        assertEquals(json, ((Seen) seen.get(0)).acceptJson(), accept);
    }

    @Test
    void shouldFrameARequestInAnyPieces() {
        String raw = "\r\nPOST /api/v1/limit?format=json HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n"
                + "Accept: text/plain, Application/JSON;q=0.9\r\nExpect: 100-Continue\r\n\r\n{\"key\":\"k\"}";
        Seen expected = new Seen(HttpMethod.POST, "/api/v1/limit?format=json", false, true, true, true, "{\"key\":\"k\"}");
        for (int piece = 0; piece <= ascii(raw).length; piece++) {
            assertEquals(List.of(expected), read(ascii(raw), piece), "pieces of " + piece);
        }
    }

    @Test
    void shouldFramePipelinedRequestsInOrder() {
        String raw = "GET /api/v1/health HTTP/1.1\r\nhost: t\r\n\r\nPOST /a HTTP/1.1\r\nhost: t\r\ncontent-length: 2\r\n\r\nhiGET /b HTTP/1.0\r\n"
                + "connection: Keep-Alive\r\n\r\nGET /c HTTP/1.1\r\nhost: t\r\nconnection: upgrade, close\r\n\r\n";
        List<Object> expected = List.of(
                new Seen(HttpMethod.GET, "/api/v1/health", false, true, false, false, ""),
                new Seen(HttpMethod.POST, "/a", false, true, false, false, "hi"),
                new Seen(HttpMethod.GET, "/b", true, true, false, false, ""),
                new Seen(HttpMethod.GET, "/c", false, false, false, false, ""));
        for (int piece : new int[] {0, 1, 2, 7, 30}) {
            assertEquals(expected, read(ascii(raw), piece), "pieces of " + piece);
        }
    }

    @Test
    void shouldGatherAChunkedBodyWithExtensionsAndTrailers() {
        String raw = "POST /x HTTP/1.1\r\nhost: t\r\nTransfer-Encoding: Chunked\r\n\r\n5;name=value\r\nhello\r\nA\r\n, chunked!\r\n"
                + "0\r\nx-trailer: t\r\n\r\nGET /y HTTP/1.0\r\n\r\n";
        List<Object> expected = List.of(
                new Seen(HttpMethod.POST, "/x", false, true, false, false, "hello, chunked!"),
                new Seen(HttpMethod.GET, "/y", true, false, false, false, ""));
        for (int piece = 0; piece <= 20; piece++) {
            assertEquals(expected, read(ascii(raw), piece), "pieces of " + piece);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LocalHost:8123", "127.0.0.1:80", "[::1]:8123", "xn--caf-dma.example", "a%2Eb", ""})
    void shouldTakeAnyWellFormedHost(String host) {
        List<Object> seen = read(ascii("GET /h HTTP/1.1\r\nHOST: " + host + "\r\n\r\n"), 0);
        assertEquals("/h", ((Seen) seen.get(0)).uri(), host);
    }

    @Test
    void shouldTakeHttp10WithoutHost() {
        List<Object> seen = read(ascii("GET /h HTTP/1.0\r\n\r\n"), 0);
        assertEquals("/h", ((Seen) seen.get(0)).uri());
    }

    /** A reader stopped while held drops what follows (a closing connection must not buffer it). */
    @Test
    void shouldDropInputOnceStoppedEvenIfHeld() {
        HttpRequestReader reader = new HttpRequestReader(MAX_LINE, MAX_HEADERS, MAX_BODY);
        List<Object> seen = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(reader, new Capture(seen));
        reader.hold();
        channel.writeInbound(Unpooled.copiedBuffer(ascii("GET /a HTTP/1.1\r\nhost: t\r\n\r\n")));
        assertTrue(reader.midRequest(), "held: the request waits, undecoded");
        reader.stop();
        assertFalse(reader.isHeld());
        channel.writeInbound(Unpooled.copiedBuffer(ascii("GET /b HTTP/1.1\r\nhost: t\r\n\r\n")));
        assertFalse(reader.midRequest(), "dropped, not buffered");
        assertTrue(seen.isEmpty(), seen.toString());
        channel.finishAndReleaseAll();
    }

    /** Empty lines after a request are not the start of another: the connection may close without lingering. */
    @Test
    void shouldNotCountTrailingEmptyLinesAsARequestInProgress() {
        for (String after : new String[] {"", "\r\n", "\r\n\r\n", "\n"}) {
            HttpRequestReader reader = new HttpRequestReader(MAX_LINE, MAX_HEADERS, MAX_BODY);
            List<Object> seen = new ArrayList<>();
            // The body ends the decode step that delivers it: what follows is still undecoded here.
            ChannelInboundHandlerAdapter check = new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (msg instanceof ByteBuf) {
                        assertFalse(reader.midRequest(), "after " + after.replace("\r", "CR").replace("\n", "LF"));
                    }
                    ctx.fireChannelRead(msg);
                }
            };
            EmbeddedChannel channel = new EmbeddedChannel(reader, check, new Capture(seen));
            channel.writeInbound(Unpooled.copiedBuffer(ascii("POST /x HTTP/1.1\r\nhost: t\r\ncontent-length: 2\r\n\r\nhi" + after)));
            assertEquals(1, seen.size(), "one request");
            channel.writeInbound(Unpooled.copiedBuffer(ascii("G")));
            assertTrue(reader.midRequest(), "a request line has begun");
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void shouldTakeAMethodNoRouteTakesWithoutFailing() {
        List<Object> seen = read(ascii("BREW /pot HTTP/1.1\r\nhost: t\r\n\r\n"), 0);
        assertEquals("BREW", ((Seen) seen.get(0)).method().name());
    }

    static Stream<Arguments> unframeable() {
        return Stream.of(
            Arguments.of("garbage request line", "\u0001\u0002 x\r\n\r\n", HttpFailure.REQUEST_LINE),
            Arguments.of("no version", "GET /\r\n\r\n", HttpFailure.REQUEST_LINE),
            Arguments.of("HTTP/1.1 without Host", "GET / HTTP/1.1\r\naccept: */*\r\n\r\n", HttpFailure.HOST_MISSING),
            Arguments.of("two Host lines", "GET / HTTP/1.1\r\nhost: a\r\nHost: a\r\n\r\n", HttpFailure.HOST_REPEATED),
            Arguments.of("two Host lines in HTTP/1.0", "GET / HTTP/1.0\r\nhost: a\r\nhost: b\r\n\r\n", HttpFailure.HOST_REPEATED),
            Arguments.of("Host with a space", "GET / HTTP/1.1\r\nhost: a b\r\n\r\n", HttpFailure.HOST_INVALID),
            Arguments.of("Host with a path", "GET / HTTP/1.1\r\nhost: a/b\r\n\r\n", HttpFailure.HOST_INVALID),
            Arguments.of("Host with userinfo", "GET / HTTP/1.1\r\nhost: user@a\r\n\r\n", HttpFailure.HOST_INVALID),
            Arguments.of("Host beyond ASCII", "GET / HTTP/1.1\r\nhost: caf\u00e9\r\n\r\n", HttpFailure.HOST_INVALID),
            Arguments.of("two spaces", "GET  / HTTP/1.1\r\nhost: t\r\n\r\n", HttpFailure.REQUEST_LINE),
            Arguments.of("HTTP/2.0", "GET / HTTP/2.0\r\n\r\n", HttpFailure.VERSION),
            Arguments.of("space before colon", "GET / HTTP/1.1\r\nhost : t\r\n\r\n", HttpFailure.HEADER),
            Arguments.of("folded line", "GET / HTTP/1.1\r\nhost: t\r\nx-a: 1\r\n  2\r\n\r\n", HttpFailure.HEADER),
            Arguments.of("control character in a value", "GET / HTTP/1.1\r\nhost: t\r\nx-a: 1\u00002\r\n\r\n", HttpFailure.HEADER),
            Arguments.of("bare LF ending the request line", "GET / HTTP/1.1\n\r\n", HttpFailure.LINE_END),
            Arguments.of("bare LF ending a header", "GET / HTTP/1.1\r\nhost: t\n\r\n", HttpFailure.LINE_END),
            Arguments.of("bare LF ending the head", "GET / HTTP/1.1\r\nhost: t\r\n\n", HttpFailure.LINE_END),
            Arguments.of("bare LF after a chunk size", "POST / HTTP/1.1\r\nhost: t\r\ntransfer-encoding: chunked\r\n\r\n1\na\r\n", HttpFailure.LINE_END),
            Arguments.of("chunked in HTTP/1.0", "POST / HTTP/1.0\r\ntransfer-encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n", HttpFailure.TRANSFER_ENCODING_10),
            Arguments.of("trailer with a bare CR", "POST / HTTP/1.1\r\nhost: t\r\ntransfer-encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\rGET /hidden HTTP/1.1\r\nhost: t\r\n\r\n", HttpFailure.HEADER),
            Arguments.of("trailer without a colon", "POST / HTTP/1.1\r\nhost: t\r\ntransfer-encoding: chunked\r\n\r\n1\r\na\r\n0\r\nnot a field\r\n\r\n", HttpFailure.HEADER),
            Arguments.of("trailer with NUL", "POST / HTTP/1.1\r\nhost: t\r\ntransfer-encoding: chunked\r\n\r\n1\r\na\r\n0\r\nx: a\u0000b\r\n\r\n", HttpFailure.HEADER),
            Arguments.of("chunk extension with a bare CR", "POST / HTTP/1.1\r\nhost: t\r\ntransfer-encoding: chunked\r\n\r\n1;a\rb\r\na\r\n0\r\n\r\n", HttpFailure.CHUNK),
            Arguments.of("chunk extension with controls", "POST / HTTP/1.1\r\nhost: t\r\ntransfer-encoding: chunked\r\n\r\n1;\u0000\u0001\r\na\r\n0\r\n\r\n", HttpFailure.CHUNK),
            Arguments.of("unclosed quoted extension", "POST / HTTP/1.1\r\nhost: t\r\ntransfer-encoding: chunked\r\n\r\n1;a=\"b\r\na\r\n0\r\n\r\n", HttpFailure.CHUNK),
            Arguments.of("text after the chunk size", "POST / HTTP/1.1\r\nhost: t\r\ntransfer-encoding: chunked\r\n\r\n1 xyz\r\na\r\n0\r\n\r\n", HttpFailure.CHUNK),
            Arguments.of("blank after the chunk size", "POST / HTTP/1.1\r\nhost: t\r\ntransfer-encoding: chunked\r\n\r\n1 \r\na\r\n0\r\n\r\n", HttpFailure.CHUNK),
            Arguments.of("bare CR in a value", "GET / HTTP/1.1\r\nhost: t\r\nx-a: 1\r2\r\n\r\n", HttpFailure.HEADER),
            Arguments.of("content-length not a number", "POST / HTTP/1.1\r\nhost: t\r\ncontent-length: 1x\r\n\r\n", HttpFailure.CONTENT_LENGTH),
            Arguments.of("negative content-length", "POST / HTTP/1.1\r\nhost: t\r\ncontent-length: -1\r\n\r\n", HttpFailure.CONTENT_LENGTH),
            Arguments.of("conflicting content-lengths", "POST / HTTP/1.1\r\nhost: t\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\nab", HttpFailure.CONTENT_LENGTH),
            Arguments.of("content-length too long to be real", "POST / HTTP/1.1\r\nhost: t\r\ncontent-length: 9999999999999999999\r\n\r\n", HttpFailure.CONTENT_LENGTH),
            Arguments.of("gzip transfer coding", "POST / HTTP/1.1\r\nhost: t\r\ntransfer-encoding: gzip, chunked\r\n\r\n", HttpFailure.TRANSFER_ENCODING),
            Arguments.of("chunked twice", "POST / HTTP/1.1\r\nhost: t\r\ntransfer-encoding: chunked\r\ntransfer-encoding: chunked\r\n\r\n", HttpFailure.TRANSFER_ENCODING),
            Arguments.of("both lengths", "POST / HTTP/1.1\r\nhost: t\r\ncontent-length: 3\r\ntransfer-encoding: chunked\r\n\r\n", HttpFailure.BOTH_LENGTHS),
            Arguments.of("chunk size not hex", "POST / HTTP/1.1\r\nhost: t\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n", HttpFailure.CHUNK),
            Arguments.of("chunk without its CRLF", "POST / HTTP/1.1\r\nhost: t\r\ntransfer-encoding: chunked\r\n\r\n2\r\nabXY", HttpFailure.CHUNK),
            Arguments.of("body over the limit", "POST / HTTP/1.1\r\nhost: t\r\ncontent-length: 1025\r\n\r\n", HttpFailure.BODY_TOO_LARGE),
            Arguments.of("chunk size over the limit", "POST / HTTP/1.1\r\nhost: t\r\ntransfer-encoding: chunked\r\n\r\nfffffffffff\r\n", HttpFailure.BODY_TOO_LARGE)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unframeable")
    void shouldRefuseWhatCannotBeFramed(String name, String raw, HttpFailure failure) {
        for (int piece : new int[] {0, 1, 3}) {
            List<Object> seen = read(ascii(raw), piece);
            assertEquals(failure, seen.get(seen.size() - 1), name + " in pieces of " + piece + ": " + seen);
        }
    }

    @Test
    void shouldRefuseAnOverLongRequestLineAndOverLargeHeaders() {
        String longLine = "GET /" + "u".repeat(MAX_LINE) + " HTTP/1.1\r\nhost: t\r\n\r\n";
        assertEquals(List.of(HttpFailure.URI_TOO_LONG), read(ascii(longLine), 0));
        assertEquals(List.of(HttpFailure.URI_TOO_LONG), read(ascii(longLine), 5));
        // "x-pad: p" is 8 bytes, "host: t" 7: the limit counts field lines without their CRLFs.
        String bigHeaders = "GET / HTTP/1.1\r\nhost: t\r\n" + "x-pad: p\r\n".repeat(MAX_HEADERS / 8 + 1) + "\r\n";
        assertEquals(List.of(HttpFailure.HEADERS_TOO_LARGE), read(ascii(bigHeaders), 0));
        assertEquals(List.of(HttpFailure.HEADERS_TOO_LARGE), read(ascii(bigHeaders), 1));
        String justFits = "GET / HTTP/1.1\r\nhost: t\r\n" + "x-pad: p\r\n".repeat((MAX_HEADERS - 7) / 8) + "\r\n";
        assertEquals(1, read(ascii(justFits), 1).size());
    }

    @Test
    void shouldTakeWellFormedChunkExtensions() {
        String raw = "POST /x HTTP/1.1\r\nhost: t\r\ntransfer-encoding: chunked\r\n\r\n2 ; a = b;c;d=\"q \\\" t\"\r\nhi\r\n0\r\n\r\n";
        assertEquals(List.of(new Seen(HttpMethod.POST, "/x", false, true, false, false, "hi")), read(ascii(raw), 0));
    }

    /** The 431 limit counts header bytes without their CRLFs, as Netty does, whatever the split. */
    @Test
    void shouldJudgeTheHeaderSizeTheSameHoweverTheHeadIsSplit() {
        String exactly = "x-pad: " + "p".repeat(MAX_HEADERS - 7 - "host: t".length());
        String oneMore = exactly + "p";
        for (String field : List.of(exactly, oneMore)) {
            byte[] raw = ascii("GET / HTTP/1.1\r\nhost: t\r\n" + field + "\r\n\r\n");
            List<Object> whole = read(raw, 0);
            assertEquals(1, whole.size());
            assertEquals(field == exactly, whole.get(0) instanceof Seen, "limit is inclusive: " + whole);
            for (int piece = 1; piece < raw.length; piece += 7) {
                assertEquals(whole, read(raw, piece), field.length() + " bytes in pieces of " + piece);
            }
        }
        String manyLines = "GET / HTTP/1.1\r\nhost: t\r\n" + "x-h: 1\r\n".repeat((MAX_HEADERS - 7) / 6) + "\r\n"; // CRLFs would overflow it
        assertTrue(read(ascii(manyLines), 0).get(0) instanceof Seen);
    }

    @Test
    void shouldApplyTheLimitTheHandlerSetsToAChunkedBody() {
        HttpRequestReader reader = new HttpRequestReader(MAX_LINE, MAX_HEADERS, MAX_BODY);
        EmbeddedChannel channel = new EmbeddedChannel(reader);
        channel.writeInbound(Unpooled.copiedBuffer(ascii("POST / HTTP/1.1\r\nhost: t\r\ntransfer-encoding: chunked\r\n\r\n")));
        assertTrue(channel.readInbound() instanceof RequestHead);
        reader.limitBody(4);
        channel.writeInbound(Unpooled.copiedBuffer(ascii("3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")));
        assertEquals(HttpFailure.BODY_TOO_LARGE, channel.readInbound());
        assertNull(channel.readInbound());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void shouldIgnoreEverythingOnceStopped() {
        HttpRequestReader reader = new HttpRequestReader(MAX_LINE, MAX_HEADERS, MAX_BODY);
        EmbeddedChannel channel = new EmbeddedChannel(reader);
        channel.writeInbound(Unpooled.copiedBuffer(ascii("POST / HTTP/1.1\r\nhost: t\r\ntransfer-encoding: chunked\r\n\r\n3\r\nab")));
        assertTrue(channel.readInbound() instanceof RequestHead);
        reader.stop(); // releases the gathered chunk: the leak detector of the server tests would see it otherwise
        channel.writeInbound(Unpooled.copiedBuffer(ascii("c\r\n0\r\n\r\nGET / HTTP/1.1\r\nhost: t\r\n\r\n")));
        assertNull(channel.readInbound());
        channel.finishAndReleaseAll();
    }

    /**
     * Random valid pipelines, fed in random pieces, framed exactly as Netty's HttpRequestDecoder
     * frames them: method, target, version, keep-alive, 100-continue and body of every request.
     */
    @Test
    void shouldFrameRandomValidPipelinesAsNettysDecoderDoes() {
        Random random = new Random(20261128);
        for (int round = 0; round < 300; round++) {
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            int requests = 1 + random.nextInt(6);
            for (int r = 0; r < requests; r++) {
                wire.writeBytes(ascii(randomRequest(random)));
            }
            byte[] input = wire.toByteArray();
            List<Object> ours = read(input, 1 + random.nextInt(input.length));
            assertEquals(netty(input), ours, "round " + round + ":\n" + new String(input, StandardCharsets.ISO_8859_1));
        }
    }

    private static String randomRequest(Random random) {
        String[] methods = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
        StringBuilder b = new StringBuilder();
        b.append(methods[random.nextInt(methods.length)]).append(' ').append('/');
        int pathLength = random.nextInt(30);
        String pathChars = "abcxyz0129-._~%/?=&";
        for (int i = 0; i < pathLength; i++) {
            b.append(pathChars.charAt(random.nextInt(pathChars.length())));
        }
        boolean http10 = random.nextInt(4) == 0;
        b.append(http10 ? " HTTP/1.0" : " HTTP/1.1");
        String eol = "\r\n";
        b.append(eol);
        List<String> headers = new ArrayList<>();
        headers.add("Host: example");
        String[] connections = {"close", "keep-alive", "Keep-Alive", "CLOSE", "upgrade, close", "te"};
        if (random.nextBoolean()) {
            headers.add(caseOf(random, "Connection") + ":" + " ".repeat(random.nextInt(3))
                    + connections[random.nextInt(connections.length)] + " ".repeat(random.nextInt(2)));
        }
        if (random.nextInt(4) == 0) {
            headers.add(caseOf(random, "Expect") + ": 100-continue");
        }
        headers.add("X-Noise-" + random.nextInt(100) + ": " + "v".repeat(random.nextInt(20)));
        byte[] body = new byte[random.nextInt(3) == 0 ? 0 : random.nextInt(200)];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + random.nextInt(26));
        }
        boolean chunked = !http10 && random.nextInt(3) == 0;
        if (chunked) {
            headers.add(caseOf(random, "Transfer-Encoding") + ": chunked");
        } else if (body.length > 0 || random.nextBoolean()) {
            headers.add(caseOf(random, "Content-Length") + ": " + body.length);
        }
        java.util.Collections.shuffle(headers, random);
        for (String h : headers) {
            b.append(h).append(eol);
        }
        b.append(eol);
        if (chunked) {
            int i = 0;
            while (i < body.length) {
                int n = Math.min(body.length - i, 1 + random.nextInt(40));
                b.append(Integer.toHexString(n)).append(random.nextBoolean() ? ";ext=1" : "").append("\r\n");
                b.append(new String(body, i, n, StandardCharsets.ISO_8859_1)).append("\r\n");
                i += n;
            }
            b.append("0\r\n").append(random.nextBoolean() ? "x-t: 1\r\n" : "").append("\r\n");
        } else {
            b.append(new String(body, StandardCharsets.ISO_8859_1));
        }
        return b.toString();
    }

    private static String caseOf(Random random, String name) {
        switch (random.nextInt(3)) {
            case 0:
                return name.toLowerCase();
            case 1:
                return name.toUpperCase();
            default:
                return name;
        }
    }

    /** The same fields as {@link #read} reports, from Netty's decoder. */
    private static List<Object> netty(byte[] input) {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestDecoder());
        channel.writeInbound(Unpooled.copiedBuffer(input));
        List<Object> seen = new ArrayList<>();
        HttpRequest request = null;
        StringBuilder body = new StringBuilder();
        for (Object o; (o = channel.readInbound()) != null; ) {
            if (o instanceof HttpRequest) {
                request = (HttpRequest) o;
                assertTrue(request.decoderResult().isSuccess(), request.decoderResult().toString());
                body.setLength(0);
            }
            if (o instanceof HttpContent) {
                body.append(((HttpContent) o).content().toString(StandardCharsets.ISO_8859_1));
                if (o instanceof LastHttpContent) {
                    String accept = request.headers().get("accept");
                    seen.add(new Seen(request.method(), request.uri(), request.protocolVersion() == HttpVersion.HTTP_1_0,
                            HttpUtil.isKeepAlive(request), HttpUtil.is100ContinueExpected(request),
                            accept != null && accept.toLowerCase().contains("application/json"), body.toString()));
                } else {
                    assertTrue(o instanceof DefaultHttpContent);
                }
            }
            ReferenceCountUtil.release(o);
        }
        channel.finishAndReleaseAll();
        return seen;
    }
}
