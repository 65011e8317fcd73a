package argus.server.admin;

/** A profile is already running in this JVM, started by this server or by an attached {@code scripts/profile}. */
public final class ProfilerBusyException extends Exception {

    public ProfilerBusyException(String message) {
        super(message, null, false, false);
    }
}
