package argus.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.internal.PlatformDependent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Frames HTTP/1.1 requests on one connection, by hand, without Netty's HTTP objects.
 *
 * <p>For every request it passes on, in order: the connection's {@link RequestHead} (refilled for
 * each request), then exactly one {@link ByteBuf} holding the whole body (empty when there is
 * none; the receiver releases it). A body that arrived in one piece with a content-length is a
 * retained slice of the read buffer, not a copy; a chunked body is gathered into one buffer. When
 * the input cannot be framed it passes an {@link HttpFailure} instead and ignores everything
 * after it, and the receiver answers and closes. Netty's HttpRequestDecoder makes a request
 * object, a header map with a string per name and value, and a content object per request; this
 * reader makes nothing per request: the head is parsed in place and only the fields Argus acts on
 * are kept (method, target, version, content-length, transfer-encoding, connection, expect,
 * accept).
 *
 * <p>What it accepts (RFC 9112): empty lines before a request line; CRLF as line end (a bare LF
 * is refused, as Netty 4.2 refuses it); header names as tokens followed directly by a colon; values without control characters;
 * one content-length (repeats must agree) or {@code transfer-encoding: chunked}, never both
 * (a request smuggling vector); chunk extensions and trailers (ignored). Limits: the request line
 * ({@code maxLineBytes}, else 414), the header section ({@code maxHeaderBytes}, else 431), the body
 * ({@code maxBodyBytes}, or what {@link #limitBody} set for the current request, else 413).
 */
final class HttpRequestReader extends ByteToMessageDecoder {

    private static final boolean UNSAFE_READS = PlatformDependent.hasUnsafe();
    private static final int MAX_CHUNK_LINE = 1024;
    private static final HttpMethod[] METHODS = {
        HttpMethod.POST, HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.OPTIONS,
        HttpMethod.PATCH, HttpMethod.TRACE, HttpMethod.CONNECT
    };
    private static final byte[][] METHOD_BYTES = new byte[METHODS.length][];
    private static final boolean[] TOKEN = new boolean[256];
    /** The bytes a Host value may hold: a reg-name's, an IP literal's, a percent escape's and a port's. */
    private static final boolean[] HOST = new boolean[256];

    static {
        for (int i = 0; i < METHODS.length; i++) {
            METHOD_BYTES[i] = METHODS[i].name().getBytes(StandardCharsets.US_ASCII);
        }
        for (int c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
        for (int c = 0; c < 128; c++) {
            HOST[c] = Character.isLetterOrDigit(c);
        }
        for (char c : "-._~!$&'()*+,;=:[]%".toCharArray()) {
            HOST[c] = true;
        }
    }

    private enum State {
        HEAD, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, STOPPED
    }

    private final RequestHead head;
    private final int maxLineBytes;
    private final int maxHeaderBytes;
    private final int maxBodyBytes;
    private State state = State.HEAD;
    /** The current request's body limit: {@code maxBodyBytes} unless the receiver lowered it. */
    private int bodyLimit;
    /** Bytes of the fixed-length body, or of the current chunk, still to come. */
    private long remaining;
    /** The chunked body gathered so far. */
    private ByteBuf gathered;
    /** Trailer bytes read so far. */
    private int trailerBytes;
    // Progress through a head that is not all here yet, as offsets from its first byte: where the
    // header lines start (0: the request line is not complete), the line being read, and where
    // the search for its line feed goes on.
    private int headersAt;
    private int lineAt;
    private int searchAt;
    /** Bytes of the header lines read so far, without their CRLFs (what the 431 limit counts, as in Netty). */
    private int fieldBytes;

    // The buffer being parsed, read through its memory address or array when it has one.
    private ByteBuf buf;
    /** See {@link #hold}. */
    private boolean held;
    /** The client half-closed while the reader was held: the event is passed on at {@link #release}. */
    private boolean inputEnded;
    private long address;
    private byte[] array;
    private int arrayOffset;

    HttpRequestReader(int maxLineBytes, int maxHeaderBytes, int maxBodyBytes) {
        this.head = new RequestHead();
        this.maxLineBytes = maxLineBytes;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.bodyLimit = maxBodyBytes;
    }

    /** Lowers the body limit of the request whose head was just passed on (called by its receiver). */
    void limitBody(int bytes) {
        bodyLimit = Math.min(bytes, maxBodyBytes);
    }

    /**
     * Whether part of a request has been read and the rest has not (empty lines before a request
     * line, which are skipped, do not count).
     */
    boolean midRequest() {
        switch (state) {
            case HEAD:
                return holdsMoreThanEmptyLines();
            case STOPPED:
                return false;
            default:
                return true;
        }
    }

    /**
     * Stops decoding: the input read so far stays buffered, undecoded, until {@link #release}. The
     * receiver holds the reader while its answers wait for a client that does not read them, so
     * that one read of small requests with large answers ({@code /metrics}, batches) cannot pile
     * up megabytes of answers: decoding stops at the next message boundary.
     */
    void hold() {
        held = true;
    }

    boolean isHeld() {
        return held;
    }

    /**
     * Decodes the input held back by {@link #hold}, now that the answers drained; on the event
     * loop, with this reader's own context, outside any read (it runs a read of nothing, so the
     * buffered requests flow on and their read burst completes as usual).
     */
    void release(ChannelHandlerContext ctx) {
        held = false;
        try {
            if (state != State.STOPPED && internalBuffer().isReadable()) {
                channelRead(ctx, Unpooled.EMPTY_BUFFER);
                channelReadComplete(ctx);
            }
            if (inputEnded && !held) {
                inputEnded = false;
                super.userEventTriggered(ctx, ChannelInputShutdownEvent.INSTANCE);
            }
        } catch (Exception e) {
            ctx.fireExceptionCaught(e);
        }
    }

    /**
     * The client half-closed: what it sent is all there is. ByteToMessageDecoder decodes the rest
     * and passes the event on, after which the receiver closes once its answers are written; but a
     * held reader would lose the requests it holds (the decoder drops its buffer there), so the
     * event waits for {@link #release}.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof ChannelInputShutdownEvent && held) {
            inputEnded = true;
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    /** Whether the input not decoded yet has a byte other than CR or LF (empty lines before a request are skipped). */
    private boolean holdsMoreThanEmptyLines() {
        ByteBuf in = internalBuffer();
        for (int i = in.readerIndex(); i < in.writerIndex(); i++) {
            byte b = in.getByte(i);
            if (b != '\r' && b != '\n') {
                return true;
            }
        }
        return false;
    }

    /** Ignores all further input: the receiver answered and is closing the connection. */
    void stop() {
        held = false; // what follows is dropped, not kept
        state = State.STOPPED;
        headersAt = 0;
        releaseGathered();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (held) {
            return; // nothing consumed: ByteToMessageDecoder stops and keeps the input
        }
        switch (state) {
            case HEAD:
                bind(in);
                readHead(in, out);
                break;
            case FIXED_BODY:
                readFixedBody(in, out);
                break;
            case CHUNK_SIZE:
                bind(in);
                readChunkSize(in, out);
                break;
            case CHUNK_DATA:
                readChunkData(in);
                break;
            case CHUNK_END:
                bind(in);
                readChunkEnd(in, out);
                break;
            case TRAILER:
                bind(in);
                readTrailer(in, out);
                break;
            default:
                in.skipBytes(in.readableBytes());
        }
        buf = null;
        array = null;
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        in.skipBytes(in.readableBytes()); // the peer is gone: an incomplete request gets no answer
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releaseGathered();
    }

    private void bind(ByteBuf in) {
        buf = in;
        address = 0;
        array = null;
        if (in.hasArray()) {
            array = in.array();
            arrayOffset = in.arrayOffset();
        } else if (UNSAFE_READS && in.hasMemoryAddress()) {
            address = in.memoryAddress();
        }
    }

    private int at(int index) {
        if (address != 0) {
            return PlatformDependent.getByte(address + index) & 0xFF;
        }
        if (array != null) {
            return array[arrayOffset + index] & 0xFF;
        }
        return buf.getByte(index) & 0xFF;
    }

    private void fail(ByteBuf in, List<Object> out, HttpFailure failure) {
        out.add(failure);
        stop();
        in.skipBytes(in.readableBytes());
    }

    // ---- head ----

    private void readHead(ByteBuf in, List<Object> out) {
        int end = in.writerIndex();
        int p = in.readerIndex();
        if (headersAt == 0) {
            while (p < end && (at(p) == '\r' || at(p) == '\n')) {
                p++; // RFC 9112 §2.2: empty lines before a request line are ignored
            }
            in.readerIndex(p);
            if (p == end) {
                return;
            }
            int lineFeed = in.indexOf(p, Math.min(end, p + maxLineBytes + 2), (byte) '\n');
            if (lineFeed < 0) {
                if (end - p > maxLineBytes + 1) {
                    fail(in, out, HttpFailure.URI_TOO_LONG);
                }
                return;
            }
            if (!crBefore(p, lineFeed)) {
                fail(in, out, HttpFailure.LINE_END);
                return;
            }
            headersAt = lineFeed + 1 - p;
            lineAt = headersAt;
            searchAt = headersAt;
            fieldBytes = 0;
        }
        // Find the blank line that ends the head; a head that arrives in pieces is searched once, not per piece.
        int blank; // the blank line's line feed
        int blankStart;
        while (true) {
            int from = p + searchAt;
            int lineFeed = from < end ? in.indexOf(from, end, (byte) '\n') : -1;
            if (lineFeed < 0) {
                searchAt = end - p;
                // The line so far counts, all but a last byte that may be the CR of its CRLF: the
                // verdict does not depend on where the head was split.
                if (fieldBytes + end - (p + lineAt) > maxHeaderBytes + 1) {
                    fail(in, out, HttpFailure.HEADERS_TOO_LARGE);
                }
                return;
            }
            int line = p + lineAt;
            if (!crBefore(line, lineFeed)) {
                fail(in, out, HttpFailure.LINE_END);
                return;
            }
            if (lineFeed - 1 == line) {
                blank = lineFeed;
                blankStart = line;
                break;
            }
            fieldBytes += lineFeed - 1 - line;
            lineAt = lineFeed + 1 - p;
            searchAt = lineAt;
            if (fieldBytes > maxHeaderBytes) {
                fail(in, out, HttpFailure.HEADERS_TOO_LARGE);
                return;
            }
        }
        int headers = p + headersAt;
        headersAt = 0;
        head.reset();
        HttpFailure failure = requestLine(p, headers - 2);
        int line = headers;
        while (failure == null && line < blankStart) {
            int lineFeed = in.indexOf(line, blankStart, (byte) '\n');
            failure = headerLine(line, lineFeed - 1);
            line = lineFeed + 1;
        }
        if (failure == null && (head.hosts > 1 || head.hosts == 0 && !head.http10)) {
            failure = head.hosts > 1 ? HttpFailure.HOST_REPEATED : HttpFailure.HOST_MISSING; // RFC 9112 §3.2
        }
        if (failure == null && head.chunked && head.contentLength >= 0) {
            failure = HttpFailure.BOTH_LENGTHS;
        }
        if (failure == null && head.chunked && head.http10) {
            failure = HttpFailure.TRANSFER_ENCODING_10; // RFC 9112 §6.1: an HTTP/1.0 peer would frame it otherwise
        }
        if (failure != null) {
            fail(in, out, failure);
            return;
        }
        in.readerIndex(blank + 1);
        out.add(head);
        bodyLimit = maxBodyBytes;
        if (head.chunked) {
            state = State.CHUNK_SIZE;
            return;
        }
        long length = Math.max(head.contentLength, 0);
        if (length == 0) {
            out.add(Unpooled.EMPTY_BUFFER);
            return;
        }
        if (length > maxBodyBytes) {
            fail(in, out, HttpFailure.BODY_TOO_LARGE);
            return;
        }
        remaining = length;
        state = State.FIXED_BODY;
        readFixedBody(in, out); // usually here already: pass it on in the same step
    }

    /**
     * Whether the line from {@code start} ends with CRLF at {@code lineFeed}. A bare LF is refused
     * (as Netty's decoder does): a proxy that reads it differently could be fooled into smuggling.
     */
    private boolean crBefore(int start, int lineFeed) {
        return lineFeed > start && at(lineFeed - 1) == '\r';
    }

    private HttpFailure requestLine(int from, int to) {
        int p = tokenEnd(from, to);
        if (p == from || p >= to || at(p) != ' ') {
            return HttpFailure.REQUEST_LINE;
        }
        head.method = method(from, p);
        int target = ++p;
        while (p < to && at(p) > ' ' && at(p) != 0x7F) {
            head.query |= at(p) == '?';
            p++;
        }
        int length = p - target;
        if (length == 0 || p >= to || at(p) != ' ') {
            return HttpFailure.REQUEST_LINE;
        }
        buf.getBytes(target, head.targetRoom(length), 0, length); // the line limit bounds the length
        head.targetLength = length;
        p++;
        if (to - p != 8 || at(p) != 'H' || at(p + 1) != 'T' || at(p + 2) != 'T' || at(p + 3) != 'P' || at(p + 4) != '/'
                || at(p + 6) != '.') {
            return HttpFailure.REQUEST_LINE;
        }
        if (at(p + 5) != '1' || (at(p + 7) != '1' && at(p + 7) != '0')) {
            return HttpFailure.VERSION;
        }
        head.http10 = at(p + 7) == '0';
        return null;
    }

    private HttpMethod method(int from, int to) {
        int length = to - from;
        candidates:
        for (int m = 0; m < METHODS.length; m++) {
            byte[] name = METHOD_BYTES[m];
            if (name.length != length) {
                continue;
            }
            for (int i = 0; i < length; i++) {
                if (at(from + i) != name[i]) {
                    continue candidates;
                }
            }
            return METHODS[m];
        }
        byte[] name = new byte[length]; // a method no route takes: answered 405, so rare
        buf.getBytes(from, name);
        return HttpMethod.valueOf(new String(name, StandardCharsets.US_ASCII));
    }

    /**
     * The end of the name of the field line [from, to) (header or trailer), or -1 if it is not
     * {@code token ":" value} with a value free of control characters other than HTAB.
     */
    private int fieldName(int from, int to) {
        int p = tokenEnd(from, to);
        if (p == from || p >= to || at(p) != ':') {
            return -1; // also a folded line (leading whitespace), refused as RFC 9112 allows
        }
        for (int i = p + 1; i < to; i++) {
            int c = at(i);
            if ((c < ' ' && c != '\t') || c == 0x7F) {
                return -1;
            }
        }
        return p;
    }

    private HttpFailure headerLine(int from, int to) {
        int nameEnd = fieldName(from, to);
        if (nameEnd < 0) {
            return HttpFailure.HEADER;
        }
        int value = skipBlanks(nameEnd + 1, to);
        int valueEnd = blanksStart(value, to);
        switch (nameEnd - from) {
            case 14:
                return is(from, nameEnd, "content-length") ? contentLength(value, valueEnd) : null;
            case 17:
                return is(from, nameEnd, "transfer-encoding") ? transferEncoding(value, valueEnd) : null;
            case 10:
                if (is(from, nameEnd, "connection")) {
                    connection(value, valueEnd);
                }
                return null;
            case 4:
                if (is(from, nameEnd, "host")) {
                    head.hosts++;
                    return validHost(value, valueEnd) ? null : HttpFailure.HOST_INVALID;
                }
                return null;
            case 6:
                if (is(from, nameEnd, "expect")) {
                    head.expectContinue |= is(value, valueEnd, "100-continue");
                } else if (is(from, nameEnd, "accept")) {
                    head.acceptJson |= acceptsJson(value, valueEnd);
                }
                return null;
            default:
                return null;
        }
    }

    /**
     * Whether bytes [from, to) can be a Host value, {@code uri-host [":" port]} (RFC 9110 §7.2): only
     * the characters a reg-name, an IP literal, a percent escape and a port are made of. Empty is
     * allowed (a target without an authority). Not a full URI grammar check: enough to refuse
     * spaces, slashes, {@code @} (userinfo) and bytes outside ASCII.
     */
    private boolean validHost(int from, int to) {
        for (int i = from; i < to; i++) {
            if (!HOST[at(i)]) {
                return false;
            }
        }
        return true;
    }

    private HttpFailure contentLength(int from, int to) {
        if (from == to || to - from > 18) {
            return HttpFailure.CONTENT_LENGTH;
        }
        long length = 0;
        for (int i = from; i < to; i++) {
            int digit = at(i) - '0';
            if (digit < 0 || digit > 9) {
                return HttpFailure.CONTENT_LENGTH;
            }
            length = length * 10 + digit;
        }
        if (head.contentLength >= 0 && head.contentLength != length) {
            return HttpFailure.CONTENT_LENGTH;
        }
        head.contentLength = length;
        return null;
    }

    private HttpFailure transferEncoding(int from, int to) {
        if (head.chunked || !is(from, to, "chunked")) {
            return HttpFailure.TRANSFER_ENCODING; // only chunked, once: no other coding is decoded here
        }
        head.chunked = true;
        return null;
    }

    private void connection(int from, int to) {
        int p = from;
        while (p < to) {
            int comma = p;
            while (comma < to && at(comma) != ',') {
                comma++;
            }
            int start = skipBlanks(p, comma);
            int stop = blanksStart(start, comma);
            head.close |= is(start, stop, "close");
            head.keepAlive |= is(start, stop, "keep-alive");
            p = comma + 1;
        }
    }

    /** Whether bytes [from, to) are {@code lower}, ignoring ASCII case. */
    private boolean is(int from, int to, String lower) {
        if (to - from != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            int c = at(from + i);
            if (c >= 'A' && c <= 'Z') {
                c |= 0x20;
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether an Accept value lists {@code application/json} itself with a weight above 0 (RFC 9110
     * 12.5.1): {@code application/jsonx} or {@code application/json;q=0} do not count, and ranges
     * such as a wildcard leave the default, plain text.
     */
    private boolean acceptsJson(int from, int to) {
        for (int i = from; i < to; ) {
            int end = indexOf(',', i, to);
            int typeFrom = skipBlanks(i, end);
            int parameters = indexOf(';', typeFrom, end);
            if (is(typeFrom, blanksStart(typeFrom, parameters), "application/json") && weighted(parameters, end)) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }

    /** Whether the parameters in [from, to) (each starting with {@code ;}) give no {@code q}, or one above 0. */
    private boolean weighted(int from, int to) {
        for (int p = from; p < to; ) {
            int next = indexOf(';', p + 1, to);
            int name = skipBlanks(p + 1, next);
            if (next - name >= 2 && (at(name) | 0x20) == 'q' && at(name + 1) == '=') {
                for (int k = name + 2; k < next; k++) {
                    if (at(k) >= '1' && at(k) <= '9') {
                        return true; // any non-zero digit: 1, 0.5, 0.001
                    }
                }
                return false; // 0, 0.0, 0.000
            }
            p = next;
        }
        return true;
    }

    /** Where {@code c} first is in [from, to), or {@code to}. */
    private int indexOf(char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (at(i) == c) {
                return i;
            }
        }
        return to;
    }

    // ---- bodies ----

    private void readFixedBody(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < remaining) {
            return; // the cumulation keeps it until the rest arrives
        }
        out.add(in.readRetainedSlice((int) remaining));
        state = State.HEAD;
    }

    private void readChunkSize(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int lineFeed = in.indexOf(start, Math.min(end, start + MAX_CHUNK_LINE), (byte) '\n');
        if (lineFeed < 0) {
            if (end - start >= MAX_CHUNK_LINE) {
                fail(in, out, HttpFailure.CHUNK);
            }
            return;
        }
        if (!crBefore(start, lineFeed)) {
            fail(in, out, HttpFailure.LINE_END);
            return;
        }
        int stop = lineFeed - 1;
        long size = 0;
        int p = start;
        while (p < stop) {
            int digit = hexDigit(at(p));
            if (digit < 0) {
                break;
            }
            size = size * 16 + digit;
            if (size > Integer.MAX_VALUE) {
                fail(in, out, HttpFailure.BODY_TOO_LARGE);
                return;
            }
            p++;
        }
        if (p == start || !chunkExtensions(p, stop)) {
            fail(in, out, HttpFailure.CHUNK);
            return;
        }
        in.readerIndex(lineFeed + 1);
        if (size == 0) {
            trailerBytes = 0;
            state = State.TRAILER;
            return;
        }
        long total = (gathered == null ? 0 : gathered.readableBytes()) + size;
        if (total > bodyLimit) {
            fail(in, out, HttpFailure.BODY_TOO_LARGE);
            return;
        }
        if (gathered == null) {
            gathered = in.alloc().buffer((int) Math.min(bodyLimit, 2 * size + 64));
        }
        remaining = size;
        state = State.CHUNK_DATA;
    }

    /**
     * Whether [from, to) is a well-formed list of chunk extensions, RFC 9112 §7.1.1:
     * {@code *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )}. They are ignored,
     * but checked: a proxy that reads a malformed one differently could be led to smuggle.
     */
    private boolean chunkExtensions(int from, int to) {
        int p = from;
        while (p < to) {
            p = skipBlanks(p, to);
            if (p == to || at(p) != ';') {
                return false; // also trailing whitespace after the size or an extension
            }
            p = skipBlanks(p + 1, to);
            int name = p;
            p = tokenEnd(p, to);
            if (p == name) {
                return false;
            }
            int afterName = p;
            p = skipBlanks(p, to);
            if (p < to && at(p) == '=') {
                p = skipBlanks(p + 1, to);
                int value = p;
                p = p < to && at(p) == '"' ? quotedString(p, to) : tokenEnd(p, to);
                if (p <= value) {
                    return false; // malformed quoted string, or no value
                }
            } else {
                p = afterName;
            }
        }
        return true;
    }

    private int skipBlanks(int p, int to) {
        while (p < to && (at(p) == ' ' || at(p) == '\t')) {
            p++;
        }
        return p;
    }

    /** Where the trailing SP and HTAB of [from, to) begin ({@code to} if there are none). */
    private int blanksStart(int from, int to) {
        while (to > from && (at(to - 1) == ' ' || at(to - 1) == '\t')) {
            to--;
        }
        return to;
    }

    /** The end of the run of token characters from {@code p} ({@code p} itself if there is none). */
    private int tokenEnd(int p, int to) {
        while (p < to && TOKEN[at(p)]) {
            p++;
        }
        return p;
    }

    /** The end of the quoted string that opens at {@code p}, or -1 if it is malformed or unclosed. */
    private int quotedString(int p, int to) {
        for (int i = p + 1; i < to; i++) {
            int c = at(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                i++;
                if (i >= to || (at(i) < ' ' && at(i) != '\t') || at(i) == 0x7F) {
                    return -1;
                }
            } else if ((c < ' ' && c != '\t') || c == 0x7F) {
                return -1;
            }
        }
        return -1;
    }

    private static int hexDigit(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        c |= 0x20;
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    private void readChunkData(ByteBuf in) {
        int n = (int) Math.min(remaining, in.readableBytes());
        gathered.writeBytes(in, n);
        remaining -= n;
        if (remaining == 0) {
            state = State.CHUNK_END;
        }
    }

    private void readChunkEnd(ByteBuf in, List<Object> out) {
        int p = in.readerIndex();
        if (at(p) != '\r' || in.readableBytes() >= 2 && at(p + 1) != '\n') {
            fail(in, out, HttpFailure.CHUNK);
            return;
        }
        if (in.readableBytes() < 2) {
            return;
        }
        in.readerIndex(p + 2);
        state = State.CHUNK_SIZE;
    }

    private void readTrailer(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int lineFeed = in.indexOf(start, end, (byte) '\n');
        if (lineFeed < 0) {
            if (trailerBytes + end - start > maxHeaderBytes) {
                fail(in, out, HttpFailure.HEADERS_TOO_LARGE);
            }
            return;
        }
        if (!crBefore(start, lineFeed)) {
            fail(in, out, HttpFailure.LINE_END);
            return;
        }
        if (lineFeed - 1 > start && fieldName(start, lineFeed - 1) < 0) {
            fail(in, out, HttpFailure.HEADER);
            return;
        }
        in.readerIndex(lineFeed + 1);
        if (lineFeed - 1 > start) {
            trailerBytes += lineFeed - 1 - start; // a valid trailer field: ignored
            if (trailerBytes > maxHeaderBytes) {
                fail(in, out, HttpFailure.HEADERS_TOO_LARGE);
            }
            return;
        }
        out.add(gathered == null ? Unpooled.EMPTY_BUFFER : gathered);
        gathered = null;
        state = State.HEAD;
    }

    private void releaseGathered() {
        if (gathered != null) {
            gathered.release();
            gathered = null;
        }
    }
}
