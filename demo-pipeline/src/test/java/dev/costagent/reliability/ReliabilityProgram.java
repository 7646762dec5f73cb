package dev.costagent.reliability;

import dev.costagent.PipelineStage;
import dev.costagent.TrackedCall;
import dev.costagent.e2e.UsageMaps;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The program the reliability tests run under the agent, in its own JVM. It needs no server: its tracked call
 * returns a response body as a {@code Map}, one Sonnet 4.5 call of {@value #CALL_USD} dollars (12 input, 2048
 * cache read, 100 cache write and 6 output tokens).
 *
 * <p>Arguments: a mode and the number of calls the stage {@code work} makes. It prints {@code MAIN STARTED} first
 * and {@code READY} once it has spent and waits for the test (reading a line from standard input) where a mode
 * waits. Modes:
 * <ul>
 *   <li>{@code wait-then-return}: spends, waits, returns from {@code main};</li>
 *   <li>{@code wait-in-stage}: spends and waits inside the stage, for a signal;</li>
 *   <li>{@code exit-in-stage}: spends, then {@code System.exit(7)} inside the stage;</li>
 *   <li>{@code throw-in-stage}: spends, then an exception escapes the stage and {@code main};</li>
 *   <li>{@code stage-fails-caught}: an exception escapes the stage; {@code main} catches it and returns;</li>
 *   <li>{@code throw-in-main}: the stage completes, then {@code main} throws outside any stage;</li>
 *   <li>{@code budget-uncaught}: the stage crosses the budget and its exception escapes {@code main};</li>
 *   <li>{@code run}: spends and returns.</li>
 * </ul>
 */
public final class ReliabilityProgram {

    static final String CALL_USD = "0.0011154";

    public static void main(String[] args) throws Exception {
        System.out.println("MAIN STARTED");
        String mode = args[0];
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        ReliabilityProgram p = new ReliabilityProgram();
        switch (mode) {
            case "wait-then-return" -> {
                p.work(calls, "none");
                ready();
                awaitTheTest();
            }
            case "wait-in-stage" -> p.work(calls, "wait");
            case "exit-in-stage" -> p.work(calls, "exit");
            case "throw-in-stage" -> p.work(calls, "throw");
            case "stage-fails-caught" -> {
                try {
                    p.work(calls, "throw");
                } catch (IllegalStateException e) {
                    System.out.println("CAUGHT " + e.getMessage());
                }
            }
            case "throw-in-main" -> {
                p.work(calls, "none");
                throw new IllegalArgumentException("main failed between stages");
            }
            case "budget-uncaught" -> {
                p.work(calls, "none");
                p.work(calls, "none");
            }
            case "run" -> p.work(calls, "none");
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        System.out.println("MAIN RETURNS");
    }

    @PipelineStage("work")
    void work(int calls, String then) throws IOException {
        for (int i = 0; i < calls; i++) {
            call();
        }
        switch (then) {
            case "wait" -> {
                ready();
                awaitTheTest();
            }
            case "exit" -> System.exit(7);
            case "throw" -> throw new IllegalStateException("the stage failed");
            default -> {
            }
        }
    }

    @TrackedCall("Reliability.call")
    Map<String, Object> call() {
        return UsageMaps.sonnetCall();
    }

    private static void ready() {
        System.out.println("READY");
        System.out.flush();
    }

    /** Blocks until the test writes a line (or closes standard input). */
    private static void awaitTheTest() throws IOException {
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
}
