package argus.server;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Argus server for all the tests of a class ({@link TestConfigs#server} with the overrides
 * given): started before the first test, closed after the last, before the class's leak check
 * ({@link LeakCheckExtension} is registered first, so its after-all runs last). Use as
 * {@code @RegisterExtension static final RunningServer server = new RunningServer(Map.of(...));}
 */
final class RunningServer implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, String> overrides;
    private ArgusServer server;

    RunningServer(Map<String, String> overrides) {
        this.overrides = overrides;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = ArgusServer.start(TestConfigs.server(overrides));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    int port() {
        return server.port();
    }

    Transport transport() {
        return server.transport();
    }
}
