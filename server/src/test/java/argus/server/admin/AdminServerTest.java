package argus.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The admin server on an ephemeral loopback port, spoken to by java.net.http. Profiles use itimer,
 * which works where perf_events (the cpu event) is restricted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(30)
class AdminServerTest {

    private AdminServer server;
    private HttpClient client;

    @BeforeAll
    void start() throws Exception {
        server = AdminServer.start("127.0.0.1", 0);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(20));
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return client.send(request(pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> getAsync(String pathAndQuery) {
        return client.sendAsync(request(pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** HTTP/1.1: answers leave in request order, also when a quick one is pipelined behind a profile. */
    @Test
    void shouldAnswerPipelinedRequestsInOrder() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET /debug/profile?seconds=1&event=itimer HTTP/1.1\r\nhost: t\r\n\r\n"
                    + "GET /debug/health HTTP/1.1\r\nhost: t\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.InputStream in = socket.getInputStream();
            String first = statusLine(in) + "\n" + skipRest(in);
            String second = statusLine(in) + "\n" + skipRest(in);
            assertTrue(first.contains("x-profile-event:") || first.contains("profile failed"), "the profile first: " + first);
            assertTrue(second.startsWith("HTTP/1.1 200 OK") && second.endsWith("\nOK"), "then health: " + second);
        }
    }

    private static String statusLine(java.io.InputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new java.io.EOFException("closed after " + line);
            }
            line.append((char) c);
        }
        return line.toString().trim();
    }

    /** The headers after a status line (lower case, one per line), then the body they announce, whole for text. */
    private static String skipRest(java.io.InputStream in) throws java.io.IOException {
        int length = 0;
        StringBuilder rest = new StringBuilder();
        for (String header = statusLine(in); !header.isEmpty(); header = statusLine(in)) {
            String lower = header.toLowerCase(java.util.Locale.ROOT);
            rest.append(lower).append('\n');
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(header.substring(15).trim());
            }
        }
        String body = new String(in.readNBytes(length), java.nio.charset.StandardCharsets.UTF_8);
        return rest.append(body.length() < 200 ? body : "(" + length + " bytes)").toString();
    }

    @Test
    void shouldAnswerHealth() throws Exception {
        HttpResponse<String> r = get("/debug/health");
        assertEquals(200, r.statusCode());
        assertEquals("OK", r.body());
    }

    @Test
    void shouldServeOneFlameGraphAtATimeAndRefuseTheOtherWith409() throws Exception {
        // Two at once: whichever arrives second finds the profiler busy, whatever the arrival order.
        CompletableFuture<HttpResponse<String>> first = getAsync("/debug/profile?seconds=1&event=itimer");
        CompletableFuture<HttpResponse<String>> second = getAsync("/debug/profile?seconds=1&event=itimer");
        List<HttpResponse<String>> answers = List.of(first.get(), second.get());
        HttpResponse<String> profiled = answers.stream().filter(r -> r.statusCode() == 200).findFirst().orElseThrow(
                () -> new AssertionError("no 200 among " + answers.stream().map(HttpResponse::statusCode).toList()));
        HttpResponse<String> refused = answers.get(answers.indexOf(profiled) == 0 ? 1 : 0);

        assertTrue(profiled.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertEquals("itimer", profiled.headers().firstValue(AdminHandler.PROFILE_EVENT.toString()).orElse(""));
        assertTrue(profiled.body().startsWith("<!DOCTYPE html>"), "an HTML page");
        assertTrue(profiled.body().contains("<canvas id='canvas'>"), "async-profiler's flame graph canvas");
        assertTrue(profiled.body().contains("CPU profile"), "the flame graph's title");

        assertEquals(409, refused.statusCode());
        assertFalse(refused.body().contains("\n"), "a one-line reason");
    }

    @Test
    void shouldProfileAgainOnceThePreviousProfileEnded() throws Exception {
        assertEquals(200, get("/debug/profile?seconds=1&event=itimer").statusCode());
        assertEquals(200, get("/debug/profile?seconds=1&event=alloc").statusCode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "seconds=0|seconds: must be an integer between 1 and 300",
        "seconds=301|seconds: must be an integer between 1 and 300",
        "seconds=abc|seconds: must be an integer between 1 and 300",
        "seconds=|seconds: must be an integer between 1 and 300",
        "seconds=1&event=bogus|event: must be one of cpu, alloc, lock, wall, itimer",
        "seconds=1&seconds=2|seconds: give it once",
        "second=5|second: unknown parameter (expected seconds, event)",
    })
    void shouldRejectBadParametersWith400AndAOneLineReason(String query, String reason) throws Exception {
        HttpResponse<String> r = get("/debug/profile?" + query);
        assertEquals(400, r.statusCode());
        assertEquals(reason, r.body());
    }

    @Test
    void shouldAnswerOtherMethodsWith405AndOtherPathsWith404() throws Exception {
        HttpResponse<String> post = client.send(request("/debug/profile?seconds=1")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("allow").orElse(""));
        assertEquals(404, get("/debug/pprof").statusCode());
    }
}
