package argus.server;

import java.util.HashMap;
import java.util.Map;

/** Server settings for tests: defaults, on loopback, on an ephemeral port, with two event loops. */
final class TestConfigs {

    private TestConfigs() {
    }

    static ServerConfig server(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Map.of("HOST", "127.0.0.1", "PORT", "0", "IO_THREADS", "2"));
        env.putAll(overrides);
        return ServerConfig.from(env);
    }
}
