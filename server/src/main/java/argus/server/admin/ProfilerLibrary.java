package argus.server.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import one.profiler.AsyncProfiler;

/**
 * The async-profiler native library that the {@code tools.profiler:async-profiler} jar bundles, extracted
 * once to a path fixed by its content: {@code $java.io.tmpdir/argus-async-profiler-<sha256 prefix>/}.
 *
 * <p>Why a fixed path: the in-process API ({@link InProcessProfiler}) and a dynamic attach
 * ({@link ProfilerAttach}, behind {@code scripts/profile}) may both load the library into the same JVM.
 * Loaded from one file they share one profiler (the second start answers "already started"); loaded
 * from two copies they would be two profilers fighting over the same signals and JVMTI hooks.
 * {@code AsyncProfiler.getInstance()} alone extracts to a fresh temporary file each time.
 *
 * <p>The folder is created owner-only, and one owned by another user is refused: the JVM loads
 * whatever code it finds there.
 */
public final class ProfilerLibrary {

    private static final String FILE_NAME = "libasyncProfiler.so";

    private static Path extracted;

    private ProfilerLibrary() {
    }

    /** The library file, extracted on first use. */
    public static synchronized Path path() throws IOException {
        if (extracted == null) {
            extracted = extract();
        }
        return extracted;
    }

    /** The in-process API, bound to {@link #path()}. */
    public static AsyncProfiler profiler() throws IOException {
        return AsyncProfiler.getInstance(path().toString());
    }

    private static Path extract() throws IOException {
        String resource = "/" + platform() + "/" + FILE_NAME;
        byte[] bytes;
        try (InputStream in = AsyncProfiler.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("async-profiler jar has no " + resource);
            }
            bytes = in.readAllBytes();
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "argus-async-profiler-" + sha256Prefix(bytes));
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException raced) {
                // another JVM made it first: checked below like any existing folder
            }
        }
        String owner = Files.getOwner(dir).getName();
        if (!owner.equals(System.getProperty("user.name"))) {
            throw new IOException(dir + " belongs to " + owner + "; refusing to load a library from it");
        }
        if (!Files.isRegularFile(file)) {
            Path partial = Files.createTempFile(dir, "lib", ".partial");
            try {
                Files.write(partial, bytes);
                // A hard link never replaces: a file another JVM already loaded keeps its inode.
                Files.createLink(file, partial);
            } catch (FileAlreadyExistsException raced) {
                // same content, extracted by another JVM meanwhile
            } finally {
                Files.deleteIfExists(partial);
            }
        }
        return file;
    }

    private static String platform() throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return "macos";
        }
        if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
            return "linux-x64";
        }
        if (os.contains("linux") && (arch.equals("aarch64") || arch.equals("arm64"))) {
            return "linux-arm64";
        }
        throw new IOException("async-profiler has no library for " + os + "/" + arch);
    }

    private static String sha256Prefix(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
