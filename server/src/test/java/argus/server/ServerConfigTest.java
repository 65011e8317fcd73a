package argus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void shouldUseTheOriginalsDefaults() {
        ServerConfig c = ServerConfig.from(Map.of());
        assertEquals("0.0.0.0", c.host());
        assertEquals(8123, c.port());
        assertEquals("info", c.logLevel());
        assertEquals(ServerConfig.EngineKind.BST, c.engine());
        assertEquals(2000, c.idleTimeoutMillis());
    }

    @Test
    void shouldFailFastOnUnknownValuesNamingTheVariable() {
        assertMessage("ENGINE=btree", Map.of("ENGINE", "btree"));
        assertMessage("LOG_LEVEL=loud", Map.of("LOG_LEVEL", "loud"));
        assertMessage("PORT=http", Map.of("PORT", "http"));
        assertMessage("PORT=70000", Map.of("PORT", "70000"));
        assertMessage("MAX_KEYS=0", Map.of("MAX_KEYS", "0"));
        assertMessage("MAX_KEYS=268435457", Map.of("MAX_KEYS", "268435457"));
        assertMessage("TRANSPORT=kqueue", Map.of("TRANSPORT", "kqueue"));
    }

    @Test
    void shouldAcceptCaseInsensitiveChoices() {
        assertEquals("debug", ServerConfig.from(Map.of("LOG_LEVEL", "DEBUG")).logLevel());
        assertEquals(Transport.Choice.NIO, ServerConfig.from(Map.of("TRANSPORT", "Nio")).transport());
    }

    @Test
    void shouldFailCleanlyWhenThePortIsTaken() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int before = Thread.activeCount();
            for (int i = 0; i < 3; i++) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> ArgusServer.start(
                        TestConfigs.server(Map.of("PORT", Integer.toString(taken.getLocalPort())))));
                assertTrue(e.getMessage().startsWith("cannot listen on HOST:PORT 127.0.0.1:" + taken.getLocalPort()),
                        e.getMessage());
            }
            IllegalStateException admin = assertThrows(IllegalStateException.class, () -> ArgusServer.start(
                    TestConfigs.server(Map.of("ADMIN_PORT", Integer.toString(taken.getLocalPort())))));
            assertTrue(admin.getMessage().startsWith("cannot listen on ADMIN_HOST:ADMIN_PORT 127.0.0.1:"
                    + taken.getLocalPort()), admin.getMessage());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (Thread.activeCount() > before + 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Thread.activeCount() <= before + 1, "threads left behind: " + Thread.activeCount() + " > " + before);
        }
    }

    private static void assertMessage(String expected, Map<String, String> env) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerConfig.from(env));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
