package dev.costagent.agent;

import java.io.IOException;
import java.util.jar.JarFile;

/** Finds the simple name of the program's main class, the default workflow name. */
final class MainClass {

    private MainClass() {
    }

    /**
     * From the launcher's {@code sun.java.command}: the main class, or for {@code -jar app.jar} the jar's
     * {@code Start-Class} (Spring Boot) or {@code Main-Class}. Falls back to {@code unknown}.
     */
    static String simpleName() {
        String command = System.getProperty("sun.java.command", "").trim();
        if (command.isEmpty()) {
            return "unknown";
        }
        String first = command.split("\\s+")[0];
        String main = first;
        if (first.endsWith(".jar")) {
            main = null;
            try (JarFile jar = new JarFile(first)) {
                if (jar.getManifest() != null) {
                    // A Spring Boot executable jar names the launcher as Main-Class and the program as Start-Class.
                    java.util.jar.Attributes a = jar.getManifest().getMainAttributes();
                    main = a.getValue("Start-Class") != null ? a.getValue("Start-Class") : a.getValue("Main-Class");
                }
            } catch (IOException | SecurityException e) {
                main = null;
            }
            if (main == null) {
                String file = first.substring(Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\')) + 1);
                return file.substring(0, file.length() - ".jar".length());
            }
        }
        main = main.trim();
        // A module launch is module/class.
        main = main.substring(main.lastIndexOf('/') + 1);
        return main.substring(main.lastIndexOf('.') + 1);
    }
}
