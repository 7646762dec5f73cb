package dev.costagent.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue #4, point 4, in a real JVM: a setting that cannot be right stops the JVM before {@code main} with exit
 * status 2, and standard error holds that one line and nothing else. (Every key and value is covered in-process by
 * {@code ConfigRefusalTableTest}; these are the same refusals through the real launcher.)
 */
class BadConfigurationIT {

    @TempDir
    Path work;

    private void assertRefusedBeforeMain(ChildJvm child, String line) throws Exception {
        assertEquals(2, child.exit(), child.all());
        assertFalse(child.stdout().contains("MAIN STARTED"), "main never ran:\n" + child.all());
        assertEquals(line + "\n", child.stderr(), "one line and nothing else");
        assertFalse(Files.exists(work.resolve("data")), "nothing written");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-Dbudget=NaN|budget='NaN' (from -Dbudget): expected a non-negative number of US dollars, e.g. 5 or 0.50",
        "-Dcostagent.budget=-1|budget='-1' (from -Dcostagent.budget): expected a non-negative number of US dollars, e.g. 5 or 0.50",
        "-Dcostagent.warn.run=|warn.run='' (from -Dcostagent.warn.run): expected a non-negative number of US dollars, e.g. 5 or 0.50",
        "-Dcostagent.stages=com.acme.P|stages='com.acme.P' (from -Dcostagent.stages): expected comma-separated entries like com.acme.Pipeline#rank*; 'com.acme.P' is not of the form com.acme.Class#method",
        "-Dcostagent.log=verbose|log='verbose' (from -Dcostagent.log): expected one of trace, debug, info, warn, error, off",
        "-Dcostagent.sdks=yes|sdks='yes' (from -Dcostagent.sdks): expected true or false",
        "-Dbudegt=0.01|system property -Dbudegt looks like a misspelt budget: did you mean -Dbudget (or -Dcostagent.budget)?",
        "-Dcostagent.budgett=5|unknown system property -Dcostagent.budgett='5' (did you mean -Dcostagent.budget?): expected one of costagent.budget, costagent.catalog, costagent.out, costagent.workflow, costagent.warn.operation, costagent.warn.run, costagent.stages, costagent.calls, costagent.sdks, costagent.log, costagent.enabled, costagent.summary, costagent.log.keep, costagent.store, costagent.budget.scope, costagent.store.required, costagent.store.timeout, costagent.prometheus.port, costagent.prometheus.host, costagent.otlp.endpoint, costagent.otlp.headers, costagent.otlp.interval, costagent.jmx",
    })
    void aBadSystemPropertyStopsTheJvmBeforeMainWithOneLine(String option, String message) throws Exception {
        try (ChildJvm child = ChildJvm.in(work).options(option).start("run")) {
            assertRefusedBeforeMain(child, "cost-agent: invalid configuration: " + message);
        }
    }

    @Test
    void anUnknownAgentArgumentStopsTheJvmBeforeMain() throws Exception {
        try (ChildJvm child = ChildJvm.in(work).agents("-javaagent:" + ChildJvm.AGENT_JAR + "=budgte=5").start("run")) {
            assertRefusedBeforeMain(child, "cost-agent: invalid agent argument: unknown key 'budgte' in 'budgte=5' "
                    + "(did you mean 'budget'?): expected one of budget, catalog, out, workflow, warn.operation, "
                    + "warn.run, stages, calls, sdks, log, enabled, summary, log.keep, store, budget.scope, "
                    + "store.required, store.timeout, prometheus.port, prometheus.host, otlp.endpoint, otlp.headers, "
                    + "otlp.interval, jmx");
        }
    }

    @Test
    void aMisspeltEnvironmentVariableStopsTheJvmBeforeMain() throws Exception {
        try (ChildJvm child = ChildJvm.in(work).env("COSTAGENT_BUGDET", "0.01").start("run")) {
            assertEquals(2, child.exit(), child.all());
            assertTrue(child.stderr().startsWith("cost-agent: invalid configuration: unknown environment variable "
                    + "COSTAGENT_BUGDET (did you mean COSTAGENT_BUDGET?): expected one of COSTAGENT_BUDGET,"),
                    child.all());
            assertFalse(child.stdout().contains("MAIN STARTED"), "main never ran:\n" + child.all());
        }
    }

    @Test
    void theKillSwitchLeavesOnlyOneLine() throws Exception {
        try (ChildJvm child = ChildJvm.in(work).options("-Dcostagent.enabled=false", "-Dbudegt=1").start("run")) {
            assertEquals(0, child.exit(), child.all());
            assertTrue(child.stdout().contains("MAIN STARTED"), child.all());
            assertEquals("[cost-agent] disabled by enabled=false (from -Dcostagent.enabled); the program runs without "
                    + "cost tracking\n", child.stderr());
            assertFalse(Files.exists(work.resolve("data")), "nothing written");
        }
    }

    @Test
    void aBadEnvironmentVariableStopsTheJvmBeforeMain() throws Exception {
        try (ChildJvm child = ChildJvm.in(work).env("COSTAGENT_BUDGET", "five").start("run")) {
            assertRefusedBeforeMain(child, "cost-agent: invalid configuration: budget='five' (from environment variable "
                    + "COSTAGENT_BUDGET): expected a non-negative number of US dollars, e.g. 5 or 0.50");
        }
    }

    @Test
    void aCatalogWithADuplicateIdStopsTheJvmBeforeMainNamingFileLineAndEntry() throws Exception {
        Path catalog = Files.writeString(work.resolve("prices.yaml"), String.join("\n", List.of(
                "catalog:",
                "  - id: gpt-4o",
                "    pricing: {input: 2.50, output: 10.00}",
                "  - id: GPT-4o",
                "    pricing: {input: 2.50, output: 10.00}", "")));
        try (ChildJvm child = ChildJvm.in(work).options("-Dcostagent.catalog=" + catalog).start("run")) {
            assertRefusedBeforeMain(child, "cost-agent: invalid configuration: catalog: " + catalog
                    + ":4:9: entry 'gpt-4o': duplicate model id or alias 'gpt-4o' (first defined at line 2)");
        }
    }
}
