package argus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The original's HTTP API, spoken by java.net.http to the real server on an ephemeral port;
 * subclasses run the same suite on the other engine and transport.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiEndToEndTest {

    private ArgusServer server;
    private HttpClient client;

    /** Environment overrides for the server under test. */
    Map<String, String> environment() {
        return Map.of();
    }

    @BeforeAll
    void start() throws Exception {
        server = ArgusServer.start(TestConfigs.server(environment()));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswerOkUntilTheBudgetIsSpentThenLimited() throws Exception {
        String body = RawHttp.body("e2e-budget", 3, 60, "s");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = post("/api/v1/limit", body);
            assertEquals(200, r.statusCode());
            assertEquals("OK", r.body());
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
        }
        HttpResponse<String> limited = post("/api/v1/limit", body);
        assertEquals(200, limited.statusCode());
        assertEquals("LIMITED", limited.body());
    }

    @Test
    void shouldTreatEscapedAndLiteralKeysAsOneKey() throws Exception {
        assertEquals("OK", post("/api/v1/limit", "{\"key\":\"caf\u00e9/1\",\"capacity\":1,\"interval\":60,\"unit\":\"s\"}").body());
        assertEquals("LIMITED", post("/api/v1/limit", "{\"key\":\"caf\\u00e9\\/1\",\"capacity\":1,\"interval\":60,\"unit\":\"s\"}").body());
    }

    @Test
    void shouldAnswerHealth() throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1/health");
        assertEquals(200, r.statusCode());
        assertEquals("OK", r.body());
    }

    @ParameterizedTest
    @CsvSource({
        "GET, /api/v1/limit, POST",
        "PUT, /api/v1/limit, POST",
        "DELETE, /api/v1/limit, POST",
        "POST, /api/v1/health, 'GET, HEAD'",
    })
    void shouldRejectWrongMethodsWithAllow(String method, String path, String allow) throws Exception {
        HttpResponse<String> r = send(method, path);
        assertEquals(405, r.statusCode());
        assertEquals(allow, r.headers().firstValue("allow").orElse(null));
        assertTrue(r.body().startsWith("method: "), r.body());
    }

    @Test
    void shouldAnswerUnknownPathsWith404() throws Exception {
        assertEquals(404, send("GET", "/api/v2/limit").statusCode());
        assertEquals(404, send("GET", "/").statusCode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"key\":\"k\",\"capacity\":0,\"interval\":60,\"unit\":\"s\"}           | capacity: ",
        "{\"key\":\"k\",\"capacity\":\"10\",\"interval\":60,\"unit\":\"s\"}      | capacity: ",
        "{\"key\":\"k\",\"capacity\":10,\"interval\":0,\"unit\":\"s\"}           | interval: ",
        "{\"key\":\"k\",\"capacity\":10,\"interval\":2147483648,\"unit\":\"s\"}  | interval: ",
        "{\"key\":\"k\",\"capacity\":10,\"interval\":60,\"unit\":\"h\"}          | unit: ",
        "{\"key\":\"k\",\"capacity\":10,\"interval\":60}                         | unit: ",
        "{\"key\":\"\",\"capacity\":10,\"interval\":60,\"unit\":\"s\"}           | key: ",
        "{\"key\":5,\"capacity\":10,\"interval\":60,\"unit\":\"s\"}              | key: ",
        "{\"capacity\":10,\"interval\":60,\"unit\":\"s\"}                        | key: ",
        "{\"key\":\"k\",\"capacity\":10,                                         | body: ",
        "[1,2]                                                                   | body: ",
        "''                                                                      | body: ",
        "{\"key\":\"k\",\"capacity\":1000000,\"interval\":1,\"unit\":\"us\"}     | rate: ",
    })
    void shouldExplainBadBodiesWith400(String body, String reasonPrefix) throws Exception {
        HttpResponse<String> r = post("/api/v1/limit", body);
        assertEquals(400, r.statusCode(), body);
        assertTrue(r.body().startsWith(reasonPrefix), r.body());
        assertTrue(r.body().endsWith("\n") && r.body().indexOf('\n') == r.body().length() - 1, "one line");
        assertEquals("OK", send("GET", "/api/v1/health").body(), "server still answers");
    }

    @Test
    void shouldRefuseBodiesOverTheLimitWith413() throws Exception {
        String key = "k".repeat(5000);
        HttpResponse<String> r = post("/api/v1/limit", RawHttp.body(key, 1, 1, "s"));
        assertEquals(413, r.statusCode());
        assertTrue(r.body().startsWith("body: larger than"), r.body());
    }
}
