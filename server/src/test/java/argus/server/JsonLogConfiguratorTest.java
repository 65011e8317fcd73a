package argus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonLogConfiguratorTest {

    @Test
    void shouldLogOneJsonLinePerEventOnStdoutAtInfo() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, JsonLogConfigurator.configure(context, false));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.INFO, root.getLevel());
        Appender<ILoggingEvent> appender = root.getAppender("STDOUT");
        assertTrue(appender instanceof ConsoleAppender && appender.isStarted(), String.valueOf(appender));
        ConsoleAppender<ILoggingEvent> stdout = (ConsoleAppender<ILoggingEvent>) appender;
        assertEquals("System.out", stdout.getTarget());

        LoggingEvent event = new LoggingEvent("argus.Test", root, Level.WARN, "cannot listen on {}", null,
                new Object[] {"127.0.0.1:8123"});
        String line = new String(stdout.getEncoder().encode(event), StandardCharsets.UTF_8);
        assertTrue(line.startsWith("{") && line.endsWith("}\n") && line.indexOf('\n') == line.length() - 1, line);
        assertTrue(line.contains("\"level\":\"WARN\""), line);
        assertTrue(line.contains("\"formattedMessage\":\"cannot listen on 127.0.0.1:8123\""), line);
        assertFalse(line.contains("\"message\"") || line.contains("\"arguments\"") || line.contains("sequenceNumber"), line);
        context.stop();
    }

    @Test
    void shouldStepAsideForAConfigurationFile() {
        LoggerContext context = new LoggerContext();
        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, JsonLogConfigurator.configure(context, true));
        assertFalse(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext());
    }
}
