package dev.costagent.reliability;

import static dev.costagent.reliability.RunFiles.CALL;
import static dev.costagent.reliability.RunFiles.assertUsd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #4, point 3, in a real JVM: when the run's files cannot be saved the program still runs to its normal
 * end with its own exit status, the agent says so in one WARN naming the files, leaves what is on disk alone, and
 * prints the report on standard error.
 */
class StorageFaultsIT {

    private static final BigDecimal THREE_CALLS = CALL.multiply(BigDecimal.valueOf(3));

    @TempDir
    Path work;

    /** The report the agent printed after its header line, parsed. */
    private static JsonNode printedReport(ChildJvm child) throws IOException {
        String err = child.stderr();
        int header = err.indexOf("[cost-agent] the report of run ");
        assertTrue(header >= 0, child.all());
        String json = err.substring(err.indexOf('\n', header) + 1);
        return RunFiles.JSON.readTree(json);
    }

    @Test
    void anOutputFolderThatCannotBeCreatedKeepsTheProgramRunningAndPrintsTheReport() throws Exception {
        Path blocker = Files.writeString(work.resolve("data"), "a file where the output folder should be\n");
        byte[] before = Files.readAllBytes(blocker);
        try (ChildJvm child = ChildJvm.in(work).start("run", "3")) {
            assertEquals(0, child.exit(), child.all());
            assertTrue(child.stdout().contains("MAIN RETURNS"), child.all());
            List<String> warns = child.agentLines("WARN");
            assertEquals(1, warns.size(), child.all());
            assertTrue(warns.get(0).startsWith("[cost-agent] WARN could not save the run's costs to "
                    + blocker.resolve("cost_report.json") + " (a file is in the way: " + blocker + ") nor to "
                    + blocker.resolve("cost_log.json") + " (a file is in the way: " + blocker + ")"), warns.get(0));
            JsonNode report = printedReport(child);
            assertEquals("completed", report.get("status").asText());
            assertUsd(THREE_CALLS, report.get("total_cost_usd"), "printed total");
        }
        assertArrayEquals(before, Files.readAllBytes(blocker), "the file in the way is untouched");
    }

    @Test
    void aFullDiskKeepsTheProgramRunningTheOldLogWholeAndPrintsTheReport() throws Exception {
        Path disk = Files.createDirectories(work.resolve("disk"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=256k", "cost-agent-it", disk.toString()) == 0,
                "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN); StorageFaultsTest covers this in-process");
        try {
            Path out = disk.resolve("data");
            Path log = out.resolve("cost_log.json");
            try (ChildJvm first = ChildJvm.in(work.resolve("first")).options("-Dcostagent.out=" + out).start("run", "1")) {
                assertEquals(0, first.exit(), first.all());
            }
            byte[] before = Files.readAllBytes(log);
            fill(disk.resolve("filler"));

            try (ChildJvm child = ChildJvm.in(work.resolve("second")).options("-Dcostagent.out=" + out).start("run", "3")) {
                assertEquals(0, child.exit(), child.all());
                List<String> warns = child.agentLines("WARN");
                assertEquals(1, warns.size(), child.all());
                assertTrue(warns.get(0).contains("(No space left on device)"), warns.get(0));
                assertUsd(THREE_CALLS, printedReport(child).get("total_cost_usd"), "printed total");
            }
            assertArrayEquals(before, Files.readAllBytes(log), "the old log is whole");
            try (var files = Files.list(out)) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
            }
        } finally {
            run("umount", "-l", disk.toString());
        }
    }

    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // Full: what was asked for.
        }
    }

    private static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
