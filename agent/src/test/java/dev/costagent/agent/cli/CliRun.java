package dev.costagent.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

/** One command line run in this JVM, its exit status and what it printed. */
record CliRun(int exit, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(exit, out.toString(), err.toString());
    }

    List<String> lines() {
        return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }

    /** Exit 2, nothing on standard output, one line on standard error, no stack trace. */
    String assertBadInput() {
        assertEquals(2, exit, this::toString);
        assertEquals("", out, this::toString);
        assertEquals(1, err.split("\n").length, this::toString);
        assertFalse(err.contains("\tat ") || err.contains("Exception"), this::toString);
        return err.strip();
    }

    CliRun assertOk() {
        assertEquals(0, exit, this::toString);
        return this;
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
}
