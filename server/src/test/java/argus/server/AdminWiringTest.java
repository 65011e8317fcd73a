package argus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ADMIN_PORT turns the admin server on, beside the API, and off by default. */
class AdminWiringTest {

    @Test
    void shouldStartTheAdminServerOnlyWhenAsked() throws Exception {
        try (ArgusServer off = ArgusServer.start(TestConfigs.server(Map.of()))) {
            assertNull(off.admin());
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (ArgusServer on = ArgusServer.start(TestConfigs.server(Map.of("ADMIN_PORT", Integer.toString(port))))) {
            assertEquals(port, on.admin().port());
            try (RawHttp http = new RawHttp(port)) {
                assertEquals("OK", http.send("GET /debug/health HTTP/1.1\r\nhost: t\r\n\r\n").read().body().trim());
            }
        }
    }
}
