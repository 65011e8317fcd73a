package argus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Argus in front of a service through a real nginx (Debian package, installed by .ci/run):
 * {@code auth_request} asks {@code /api/v1/check} about each request; allowed requests reach the
 * upstream, refused ones get 429 with Retry-After and the RateLimit fields from Argus.
 */
class NginxAuthRequestTest {

    private static final String NGINX = "/usr/sbin/nginx";

    @TempDir
    static Path dir;
    private static ArgusServer argus;
    private static HttpServer upstream;
    private static Process nginx;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(new File(NGINX).canExecute(), "nginx is not installed (.ci/run installs it)");
        argus = ArgusServer.start(TestConfigs.server(Map.of()));
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            byte[] body = "hello from upstream".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        port = freePort();
        Files.createDirectories(dir.resolve("logs"));
        String conf = String.join("\n",
                "daemon off;",
                "master_process off;",
                "worker_processes 1;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("logs/error.log") + " warn;",
                "events { worker_connections 64; }",
                "http {",
                "  access_log off;",
                "  client_body_temp_path " + dir.resolve("body") + ";",
                "  proxy_temp_path " + dir.resolve("proxy") + ";",
                "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
                "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
                "  scgi_temp_path " + dir.resolve("scgi") + ";",
                "  server {",
                "    listen 127.0.0.1:" + port + ";",
                "    location / {",
                "      auth_request /_argus;",
                "      auth_request_set $argus_ratelimit $upstream_http_ratelimit;",
                "      auth_request_set $argus_retry $upstream_http_retry_after;",
                "      add_header RateLimit $argus_ratelimit always;",
                "      error_page 403 = @limited;",
                "      proxy_pass http://127.0.0.1:" + upstream.getAddress().getPort() + ";",
                "    }",
                "    location = /_argus {",
                "      internal;",
                "      proxy_pass_request_body off;",
                "      proxy_set_header Content-Length \"\";",
                "      proxy_pass http://127.0.0.1:" + argus.port()
                        + "/api/v1/check?key=$http_x_client&capacity=2&interval=3600&unit=s&limited_status=403;",
                "    }",
                "    location @limited {",
                "      add_header Retry-After $argus_retry always;",
                "      add_header RateLimit $argus_ratelimit always;",
                "      return 429 \"rate limited\\n\";",
                "    }",
                "  }",
                "}");
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        nginx = new ProcessBuilder(NGINX, "-p", dir.toString(), "-c", file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("logs/stdout.log").toFile()).start();
        awaitListening(port);
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(5, TimeUnit.SECONDS);
        }
        if (upstream != null) {
            upstream.stop(0);
        }
        if (argus != null) {
            argus.close();
        }
    }

    @Test
    @Timeout(30)
    void shouldLetAllowedRequestsThroughAndRefuseTheRestWith429() throws Exception {
        for (int i = 0; i < 2; i++) {
            RawHttp.Response allowed = get("alice");
            assertEquals(200, allowed.status(), log());
            assertEquals("hello from upstream", allowed.body());
            assertEquals("default;r=" + (1 - i) + ";t=" + (1800 * (i + 1)), allowed.header("ratelimit"));
        }
        RawHttp.Response refused = get("alice");
        assertEquals(429, refused.status(), log());
        assertEquals("rate limited\n", refused.body());
        assertEquals("1800", refused.header("retry-after"));
        assertEquals("default;r=0;t=1800", refused.header("ratelimit"));
        assertEquals(200, get("bob").status(), "another client has its own budget");
    }

    private static RawHttp.Response get(String client) throws IOException {
        try (RawHttp http = new RawHttp(port)) {
            return http.send("GET /service HTTP/1.1\r\nhost: t\r\nx-client: " + client + "\r\nconnection: close\r\n\r\n")
                    .read();
        }
    }

    private static String log() throws IOException {
        Path log = dir.resolve("logs/error.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                assertTrue(nginx.isAlive(), "nginx exited: " + Files.readString(dir.resolve("logs/stdout.log")) + log());
                assertTrue(System.nanoTime() < deadline, "nginx did not start listening");
                Thread.sleep(50);
            }
        }
    }
}
