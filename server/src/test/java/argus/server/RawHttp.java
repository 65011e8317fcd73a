package argus.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A raw-socket HTTP/1.1 client for tests that need control over the bytes on the wire. */
final class RawHttp implements AutoCloseable {

    /** One parsed response. */
    record Response(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5_000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** The value of a metric without labels, scraped from {@code GET /metrics} on a connection of its own. */
    static long metric(int port, String name) throws IOException {
        try (RawHttp http = new RawHttp(port)) {
            String metrics = http.send("GET /metrics HTTP/1.1\r\nhost: t\r\n\r\n").read().body();
            for (String line : metrics.split("\n")) {
                if (line.startsWith(name + " ")) {
                    return (long) Double.parseDouble(line.substring(name.length() + 1));
                }
            }
            throw new AssertionError("no " + name + " in\n" + metrics);
        }
    }

    /** As many whole copies of {@code request} as fit in {@code bytes}, ready to write. */
    static java.nio.ByteBuffer repeated(byte[] request, int bytes) {
        java.nio.ByteBuffer flood = java.nio.ByteBuffer.allocateDirect(bytes / request.length * request.length);
        while (flood.hasRemaining()) {
            flood.put(request);
        }
        return flood.flip();
    }

    /**
     * A client that sends {@code flood} and reads nothing (a 4 KB receive buffer): a non-blocking
     * channel, written until everything went out or no byte was taken for {@code stallMillis}.
     * What is left of {@code flood} is what the server did not read.
     */
    static java.nio.channels.SocketChannel sendWithoutReading(int port, java.nio.ByteBuffer flood, long stallMillis)
            throws IOException, InterruptedException {
        java.nio.channels.SocketChannel client = java.nio.channels.SocketChannel.open();
        client.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4096);
        client.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        client.configureBlocking(false);
        long stalledSince = System.nanoTime();
        while (flood.hasRemaining() && System.nanoTime() - stalledSince < stallMillis * 1_000_000L) {
            if (client.write(flood) > 0) {
                stalledSince = System.nanoTime();
            } else {
                Thread.sleep(1);
            }
        }
        return client;
    }

    static String limitRequest(String body, String extraHeaders) {
        return "POST /api/v1/limit HTTP/1.1\r\nhost: test\r\ncontent-type: application/json\r\n"
                + "content-length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n" + extraHeaders + "\r\n" + body;
    }

    static String body(String key, long capacity, long interval, String unit) {
        return "{\"key\":\"" + key + "\",\"capacity\":" + capacity + ",\"interval\":" + interval + ",\"unit\":\"" + unit + "\"}";
    }

    RawHttp send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    RawHttp sendBytes(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
        return this;
    }

    /** Reads one response framed by content-length. */
    Response read() throws IOException {
        String headText = readHead();
        int status = Integer.parseInt(headText.substring(9, 12));
        Response partial = new Response(status, headText, "");
        String length = partial.header("content-length");
        byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
        return new Response(status, headText, new String(body, StandardCharsets.UTF_8));
    }

    /** Reads the head of one response, through its blank line, and nothing after it (the answer to a HEAD). */
    String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes: " + head);
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** True if the server closed the connection (EOF) within the socket timeout. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("reset");
        }
    }

    void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
