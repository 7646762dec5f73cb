package dev.costagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** For {@code java -jar}: the application jar is opened by its class loader while premain runs. */
class ApplicationJarTest {

    @TempDir
    Path dir;

    @Test
    void onlyAJarLaunchNamesAJar() {
        assertEquals("app.jar", MainClass.launchedJar("app.jar"));
        assertEquals("/opt/x/app.jar", MainClass.launchedJar("  /opt/x/app.jar --flag a.jar"));
        assertNull(MainClass.launchedJar("com.acme.Main app.jar"));
        assertNull(MainClass.launchedJar("com.acme.Main"));
        assertNull(MainClass.launchedJar(""));
        assertNull(MainClass.launchedJar(null));
    }

    /** Whether this process holds {@code file} open (Linux: a link in /proc/self/fd). */
    private static boolean open(Path file) throws IOException {
        Path real = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (IOException | UnsupportedOperationException gone) {
                    return false;
                }
            });
        }
    }

    @Test
    void theClassLoaderOpensItsJarLookingForAClassThatIsNowhere() throws Exception {
        Path jar = dir.resolve("app.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("com/acme/readme.txt"));
            j.write(new byte[] {1});
            j.closeEntry();
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertFalse(open(jar), "nothing has opened the jar yet");
            ApplicationJar.openClassPath(loader);
            assertTrue(open(jar), "the class loader holds the jar open");
        }
        assertFalse(open(jar), "closed with its class loader");
    }
}
