package dev.costagent.agent.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.costagent.agent.stage.StageFrame;
import dev.costagent.agent.stage.StageTracker;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The task wrappers woven into the JDK executors: each keeps the submission method's parameter type (a task that
 * is both a {@code Runnable} and a {@code Callable}, as Reactor's are, given to {@code schedule(Callable, ...)}
 * must come back a {@code Callable}), and runs the task under its submitter's stage.
 */
class ContextDispatchTest {

    private final StageTracker tracker = new StageTracker();

    @AfterEach
    void uninstall() {
        ContextDispatch.install(null);
    }

    /** Both kinds of task at once, recording the stage it ran under. */
    private final class Both implements Runnable, Callable<String> {
        final AtomicReference<StageFrame> ranUnder = new AtomicReference<>();

        @Override
        public void run() {
            ranUnder.set(tracker.current());
        }

        @Override
        public String call() {
            ranUnder.set(tracker.current());
            return "called";
        }
    }

    @Test
    void eachWrapperKeepsItsParameterTypeAndCarriesTheSubmittersStage() throws Exception {
        ContextDispatch.install(tracker);
        StageFrame ideas = tracker.enter("ideas");
        Both task = new Both();
        Callable<String> asCallable = ContextDispatch.wrapCallable(task);
        Runnable asRunnable = ContextDispatch.wrapRunnable(task);
        Collection<Callable<String>> all = ContextDispatch.wrapAll(List.of(task));
        tracker.exit(ideas);
        assertNull(tracker.current());

        assertInstanceOf(ContextDispatch.StageCallable.class, asCallable);
        assertEquals("called", asCallable.call());
        assertSame(ideas, task.ranUnder.getAndSet(null));
        asRunnable.run();
        assertSame(ideas, task.ranUnder.getAndSet(null));
        List<Callable<String>> wrapped = new ArrayList<>(all);
        assertEquals("called", wrapped.get(0).call());
        assertSame(ideas, task.ranUnder.get());
        assertNull(tracker.current(), "the worker's own stage is restored after the task");
        assertSame(asCallable, ContextDispatch.wrapCallable(asCallable), "never wrapped twice");
        assertSame(asRunnable, ContextDispatch.wrapRunnable(asRunnable), "never wrapped twice");
    }

    @Test
    void beforeInstallOrWithoutATaskNothingIsWrapped() {
        Both task = new Both();
        assertSame(task, ContextDispatch.wrapRunnable(task));
        assertSame(task, ContextDispatch.<String>wrapCallable(task));
        ContextDispatch.install(tracker);
        assertNull(ContextDispatch.wrapRunnable(null));
        assertNull(ContextDispatch.wrapAll(null));
    }
}
