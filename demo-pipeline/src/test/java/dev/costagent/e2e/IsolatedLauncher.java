package dev.costagent.e2e;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link SdkPipelineProgram} in an isolated class loader: its parent is the platform loader, so nothing of
 * the application class path (the program, the SDKs, the annotations jar) is shared with it.
 *
 * <p>Arguments: the runtime class path file, the test classes folder, then the program's arguments.
 */
public final class IsolatedLauncher {

    private IsolatedLauncher() {
    }

    public static void main(String[] args) throws Throwable {
        List<URL> urls = new ArrayList<>();
        for (String entry : Files.readString(Path.of(args[0])).trim().split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        urls.add(Path.of(args[1]).toUri().toURL());
        ClassLoader isolated = new URLClassLoader("isolated", urls.toArray(new URL[0]),
                ClassLoader.getPlatformClassLoader());
        Class<?> program = Class.forName(SdkPipelineProgram.class.getName(), true, isolated);
        if (program.getClassLoader() != isolated) {
            throw new AssertionError("not isolated: " + program.getClassLoader());
        }
        System.out.println("ISOLATED " + program.getClassLoader().getName());
        String[] rest = java.util.Arrays.copyOfRange(args, 2, args.length);
        try {
            program.getMethod("main", String[].class).invoke(null, (Object) rest);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
