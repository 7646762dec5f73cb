package dev.costagent.e2e;

import dev.costagent.PipelineStage;
import dev.costagent.TrackedCall;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Makes tracked calls on other threads, inside a stage and outside every stage, so a test can check where the
 * agent attributes them. Each call returns a Sonnet 4.5 usage map ($0.0011154). Prints {@code VIRTUAL n}: how
 * many calls went through virtual threads (0 before JDK 21).
 */
public final class ContextProgram {

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    public static void main(String[] args) throws Exception {
        ContextProgram p = new ContextProgram();
        try {
            p.fanOut();
            // Outside every stage, on a pool whose threads were created inside the stage: unstaged.
            p.pool.submit(() -> call()).get();
            CompletableFuture.supplyAsync(ContextProgram::call).join();
        } finally {
            p.pool.shutdown();
            p.pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @PipelineStage("fanout")
    void fanOut() throws Exception {
        pool.submit(() -> call()).get();
        CountDownLatch done = new CountDownLatch(1);
        pool.execute(() -> {
            call();
            done.countDown();
        });
        done.await();
        Callable<Object> c = ContextProgram::call;
        for (Future<Object> f : pool.invokeAll(List.of(c, c))) {
            f.get();
        }
        CompletableFuture.supplyAsync(ContextProgram::call).join();
        Thread t = new Thread(ContextProgram::call);
        t.start();
        t.join();
        System.out.println("VIRTUAL " + virtualThreads());
    }

    /** Two calls on virtual threads where the JDK has them; reflective so this compiles for release 17. */
    private static int virtualThreads() throws Exception {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Thread v = (Thread) Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class)
                    .invoke(builder, (Runnable) ContextProgram::call);
            v.join();
        } catch (NoSuchMethodException e) {
            return 0;
        }
        ExecutorService perTask = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
                .invoke(null);
        perTask.submit(() -> call()).get();
        perTask.shutdown();
        return 2;
    }

    @TrackedCall("Context.call")
    static Map<String, Object> call() {
        return UsageMaps.sonnetCall();
    }
}
