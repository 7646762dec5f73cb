package dev.costagent.agent.instrument;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Enumeration;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * Where ByteBuddy reads the advice classes' bytes from.
 *
 * <p>Under {@code -javaagent} or attach, the agent's classes are loaded by the bootstrap loader, which cannot be
 * asked for class files, and the system class path may hold other copies of the same class names (an unshaded
 * build of the agent, for one) whose advice annotations are not the relocated ones this agent understands. So
 * the bytes are read from the agent jar itself: the jar on the bootstrap append path, or on the class path, whose
 * manifest names this agent's {@code Premain-Class}.
 */
public final class AgentJar {

    private static final String PREMAIN = "dev.costagent.agent.AgentEntry";

    private AgentJar() {
    }

    public static ClassFileLocator adviceLocator() {
        ClassLoader own = AgentJar.class.getClassLoader();
        if (own != null) {
            // Tests and embedded use: the classes come from an ordinary loader, which can serve their bytes.
            return ClassFileLocator.ForClassLoader.of(own);
        }
        // -javaagent: the manifest's Boot-Class-Path entry is listed here, at no cost.
        for (String entry : System.getProperty("jdk.boot.class.path.append", "").split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && isAgentJar(entry)) {
                ClassFileLocator l = open(new File(entry));
                if (l != null) {
                    return l;
                }
            }
        }
        // Attached, or a renamed jar: the jar was added to the system class path, which lists its manifest.
        try {
            Enumeration<URL> manifests = ClassLoader.getSystemResources("META-INF/MANIFEST.MF");
            while (manifests.hasMoreElements()) {
                URL url = manifests.nextElement();
                if (!"jar".equals(url.getProtocol())) {
                    continue;
                }
                try (InputStream in = url.openStream()) {
                    if (!PREMAIN.equals(new Manifest(in).getMainAttributes().getValue("Premain-Class"))) {
                        continue;
                    }
                }
                JarURLConnection c = (JarURLConnection) url.openConnection();
                c.setUseCaches(false);
                ClassFileLocator l = open(new File(c.getJarFileURL().toURI()));
                if (l != null) {
                    return l;
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // fall through
        }
        return ClassFileLocator.ForClassLoader.of(ClassLoader.getSystemClassLoader());
    }

    /** The jar first, for the advice classes; the system loader after it, for the JDK types they refer to. */
    private static ClassFileLocator open(File jar) {
        try {
            return new ClassFileLocator.Compound(ClassFileLocator.ForJarFile.of(jar),
                    ClassFileLocator.ForClassLoader.ofSystemLoader());
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isAgentJar(String entry) {
        try (JarFile jar = new JarFile(entry)) {
            Manifest m = jar.getManifest();
            return m != null && PREMAIN.equals(m.getMainAttributes().getValue("Premain-Class"));
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
