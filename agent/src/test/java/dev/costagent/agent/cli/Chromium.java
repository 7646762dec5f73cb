package dev.costagent.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Debian {@code chromium}, headless, for the tests of the HTML page: one browser per call, with a fresh
 * profile folder, no network of its own. Outside CI a missing browser skips the test with one line saying why;
 * under {@code CI=true} it fails.
 */
final class Chromium {

    private final Path binary;
    private final Path work;

    private Chromium(Path binary, Path work) {
        this.binary = binary;
        this.work = work;
    }

    /** The browser, or the test skipped (failed under CI) when there is none. */
    static Chromium find(Path work) {
        Path found = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (found == null && Files.isExecutable(p)) {
                    found = p;
                }
            }
        }
        if (found == null) {
            String why = "no chromium on the PATH (apt-get install -y chromium)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            assumeTrue(false, why);
        }
        return new Chromium(found, work);
    }

    /** The page's DOM once it has loaded and its scripts have run. */
    String dumpDom(Path page) throws IOException, InterruptedException {
        // The virtual time budget lets timers the page set (a tooltip's rendering) run before the dump.
        return run(page, List.of("--virtual-time-budget=5000", "--dump-dom"));
    }

    /** A screenshot of the page's first {@code width} by {@code height} pixels. */
    void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        run(page, List.of("--window-size=" + width + "," + height, "--hide-scrollbars", "--screenshot=" + png));
        assertEquals(true, Files.size(png) > 0, "no screenshot written");
    }

    private String run(Path page, List<String> what) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
                "--user-data-dir=" + profile));
        cmd.addAll(what);
        cmd.add(page.toUri().toString());
        Path out = work.resolve("chromium-out-" + System.nanoTime() + ".txt");
        Path err = work.resolve("chromium-err-" + System.nanoTime() + ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("chromium did not finish within 90 s: " + cmd);
        }
        if (p.exitValue() != 0) {
            fail("chromium exited " + p.exitValue() + ": " + Files.readString(err, StandardCharsets.UTF_8));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
