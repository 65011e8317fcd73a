package argus.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Argus's logging set-up, found by Logback through {@code META-INF/services}: JSON lines on stdout
 * (the original service logged JSON), at INFO until {@code LOG_LEVEL} is applied at start.
 *
 * <p>In code rather than a {@code logback.xml}: reading XML loaded about 520 more classes (Joran
 * and the JDK's XML parser), 1.8 MB of metaspace and 0.4 MB of symbols that stayed in the
 * footprint. A configuration file given with {@code -Dlogback.configurationFile} still wins, as
 * does a {@code logback.xml} or {@code logback-test.xml} (the tests') on the class path: then
 * this set-up steps aside and Logback reads that file.
 */
public final class JsonLogConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = JsonLogConfigurator.class.getClassLoader();
        boolean fileGiven = System.getProperty("logback.configurationFile") != null
                || loader.getResource("logback-test.xml") != null || loader.getResource("logback.xml") != null;
        return configure(context, fileGiven);
    }

    /** Sets up {@code context}, unless a configuration file is to be read instead (then Logback reads it). */
    static ExecutionStatus configure(LoggerContext context, boolean fileGiven) {
        if (fileGiven) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithContext(false);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("STDOUT");
        stdout.setEncoder(encoder);
        stdout.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stdout);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
