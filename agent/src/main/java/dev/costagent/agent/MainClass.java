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
        String first = firstWord(System.getProperty("sun.java.command"));
        if (first.isEmpty()) {
            return "unknown";
        }
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

    /** The jar of a {@code -jar} launch, from {@code sun.java.command}; null for any other launch. */
    static String launchedJar(String command) {
        String first = firstWord(command);
        return first.endsWith(".jar") ? first : null;
    }

    /**
     * What the launcher ran: {@code sun.java.command} up to its first white space (the main class, module/class
     * or jar; the program's arguments follow), or "" when there is none. Scanned by hand: a regular expression's
     * classes would load on the agent's start and exit paths for this alone.
     */
    static String firstWord(String command) {
        if (command == null) {
            return "";
        }
        int start = 0;
        int end = command.length();
        while (start < end && whiteSpace(command.charAt(start))) {
            start++;
        }
        int stop = start;
        while (stop < end && !whiteSpace(command.charAt(stop))) {
            stop++;
        }
        return command.substring(start, stop);
    }

    /** The white space of the regular expression {@code \\s}. */
    private static boolean whiteSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }
}
