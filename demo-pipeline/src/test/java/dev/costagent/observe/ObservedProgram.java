package dev.costagent.observe;

import dev.costagent.BudgetExceededException;
import dev.costagent.PipelineStage;
import dev.costagent.TrackedCall;
import dev.costagent.e2e.UsageMaps;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The program the observability tests watch, in its own JVM. Each call of its stages is one Sonnet 4.5 call of
 * {@value #CALL_USD} dollars (a tracked call returning a usage map: no server needed).
 *
 * <p>Arguments: a mode and a number of calls per stage. Modes:
 * <ul>
 *   <li>{@code run}: stage {@code work} makes the calls, and {@code main} returns;</li>
 *   <li>{@code wait}: {@code work}, then {@code READY}, waits for a line on standard input, returns;</li>
 *   <li>{@code steps}: stage {@code step} again and again, printing {@code STEP n} and waiting for a line after
 *       each, until the budget refuses a step: {@code STOPPED <message>}, exit status 3.</li>
 * </ul>
 */
public final class ObservedProgram {

    static final String CALL_USD = "0.0011154";

    private final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int calls = Integer.parseInt(args[1]);
        ObservedProgram p = new ObservedProgram();
        switch (mode) {
            case "run" -> p.work(calls);
            case "wait" -> {
                p.work(calls);
                System.out.println("READY");
                p.in.readLine();
            }
            case "steps" -> {
                try {
                    for (int n = 1; ; n++) {
                        p.step(calls);
                        System.out.println("STEP " + n);
                        if (p.in.readLine() == null) {
                            break;
                        }
                    }
                } catch (BudgetExceededException e) {
                    System.out.println("STOPPED " + e.getMessage());
                    System.exit(3);
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        System.out.println("MAIN RETURNS");
    }

    @PipelineStage("work")
    void work(int calls) {
        for (int i = 0; i < calls; i++) {
            call();
        }
    }

    @PipelineStage("step")
    void step(int calls) {
        for (int i = 0; i < calls; i++) {
            call();
        }
    }

    @TrackedCall("Observed.call")
    Map<String, Object> call() {
        return UsageMaps.sonnetCall();
    }
}
