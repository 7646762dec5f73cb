package dev.costagent.agent;

/**
 * For {@code java -jar app.jar}: has the application class loader open {@code app.jar} while {@code premain} runs.
 *
 * <p>Why: the launcher opens {@code app.jar} to read its manifest and closes it; the application class loader
 * then opens it again for the first class. Each opening reads the jar's whole central directory (the demo's jar
 * holds 60,000 entries: 20 to 30 ms each time). A jar opened while the same file is open elsewhere in the JVM shares
 * that reading ({@code ZipFile} keeps one index per open file), so once the class loader holds the jar, the
 * launcher's opening costs nothing. An agent whose classes the application class loader loads does this by accident
 * (looking up its {@code Premain-Class} opens the class path); cost-agent's classes come from the bootstrap path, so
 * it asks for a class that exists nowhere instead: the class loader opens its class path looking for it. The class
 * loader keeps the jar open for the rest of the run, as it would have from the first class on.
 *
 * <p>Only the JDK's own application class loader is asked (a custom system class loader is left alone), and only
 * for a {@code -jar} launch: with a class path of folders and jars the launcher opens nothing itself.
 */
final class ApplicationJar {

    /** A class no class path holds. */
    static final String ABSENT_CLASS = "dev.costagent.agent.probe.NotAClass";

    private ApplicationJar() {
    }

    /** Opens the application jar of this JVM's launch through its class loader, if it is a {@code -jar} launch. */
    static void openForLauncher() {
        ClassLoader app = ClassLoader.getSystemClassLoader();
        if (MainClass.launchedJar(System.getProperty("sun.java.command")) != null
                && "jdk.internal.loader.ClassLoaders$AppClassLoader".equals(app.getClass().getName())) {
            openClassPath(app);
        }
    }

    /** {@link #openForLauncher} for a thread of its own; never throws. */
    static final class Opening implements Runnable {
        @Override
        public void run() {
            try {
                openForLauncher();
            } catch (Throwable t) {
                // Only a head start for the launcher.
            }
        }
    }

    /** Makes {@code loader} search, so open, its class path. */
    static void openClassPath(ClassLoader loader) {
        try {
            Class.forName(ABSENT_CLASS, false, loader);
        } catch (ClassNotFoundException expected) {
            // Searched everywhere, which is the point.
        }
    }
}
