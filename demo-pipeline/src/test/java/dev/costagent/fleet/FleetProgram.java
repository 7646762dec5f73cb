package dev.costagent.fleet;

import dev.costagent.BudgetExceededException;
import dev.costagent.PipelineStage;
import dev.costagent.TrackedCall;
import dev.costagent.e2e.UsageMaps;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One worker of a fleet, run under the agent in its own JVM by the fleet tests: {@code THREADS} threads each run
 * the stage {@code work} up to {@code STAGES} times, one tracked call of {@value #CALL_USD} dollars per stage (a
 * Sonnet 4.5 usage map), and stop at the first {@link BudgetExceededException}.
 *
 * <p>Arguments: {@code THREADS STAGES [PAUSE_AFTER...]}. After each number of stages in {@code PAUSE_AFTER}
 * (counted on the first thread; with one thread, exactly), it prints {@code PAUSED n} and waits for a line on
 * standard input. It prints {@code MAIN STARTED} first, {@code STOPPED} for each thread the budget stopped, and
 * {@code DONE stages=N} with the stages run in all.
 */
public final class FleetProgram {

    static final String CALL_USD = "0.0011154";

    private static final AtomicInteger STAGES_RUN = new AtomicInteger();
    private static final BufferedReader IN = new BufferedReader(new InputStreamReader(System.in,
            StandardCharsets.UTF_8));

    public static void main(String[] args) throws Exception {
        System.out.println("MAIN STARTED");
        int threads = Integer.parseInt(args[0]);
        int stages = Integer.parseInt(args[1]);
        List<Integer> pauses = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            pauses.add(Integer.parseInt(args[i]));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Integer> mine = t == 0 ? pauses : List.of();
            Thread w = new Thread(() -> work(start, stages, mine), "worker-" + t);
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        System.out.println("DONE stages=" + STAGES_RUN.get());
    }

    private static void work(CountDownLatch start, int stages, List<Integer> pauses) {
        FleetProgram p = new FleetProgram();
        try {
            start.await();
            for (int i = 1; i <= stages; i++) {
                p.stage();
                STAGES_RUN.incrementAndGet();
                if (pauses.contains(i)) {
                    System.out.println("PAUSED " + i);
                    System.out.flush();
                    IN.readLine();
                }
            }
        } catch (BudgetExceededException e) {
            System.out.println("STOPPED " + Thread.currentThread().getName() + ": " + e.getMessage());
        } catch (InterruptedException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @PipelineStage("work")
    void stage() {
        call();
    }

    @TrackedCall("Fleet.call")
    Map<String, Object> call() {
        return UsageMaps.sonnetCall();
    }
}
