package dev.costagent.agent.stage;

import dev.costagent.agent.stage.StageFrame;
import dev.costagent.agent.stage.StageTracker;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Carries the submitting thread's stage into work run by the JDK's executors. Called by the code that
 * {@link ContextPropagation} weaves into {@code ThreadPoolExecutor}, {@code ForkJoinPool} and
 * {@code ScheduledThreadPoolExecutor}.
 *
 * <p>Every task is wrapped, even one submitted outside any stage: the task then runs with exactly its submitter's
 * stage, or none, whatever the pool thread itself inherited when it was created.
 *
 * <p>Thread-safety: the tracker is a volatile field set once at install.
 */
public final class ContextDispatch {

    private static volatile StageTracker tracker;

    private ContextDispatch() {
    }

    static void install(StageTracker t) {
        tracker = t;
    }

    /** A {@code Runnable} task bound to the current stage (the same type, so the submission method accepts it). */
    public static Runnable wrapRunnable(Runnable task) {
        StageTracker t = tracker;
        if (t == null || task == null || task instanceof StageRunnable) {
            return task;
        }
        try {
            return new StageRunnable(task, t.current(), t);
        } catch (Throwable e) {
            return task; // never the program's problem: the task runs, only without its stage
        }
    }

    /** A {@code Callable} task bound to the current stage, even one that is a {@code Runnable} too. */
    public static <V> Callable<V> wrapCallable(Callable<V> task) {
        StageTracker t = tracker;
        if (t == null || task == null || task instanceof StageCallable) {
            return task;
        }
        try {
            return new StageCallable<>(task, t.current(), t);
        } catch (Throwable e) {
            return task;
        }
    }

    /** A collection of {@code Callable}s ({@code invokeAll}), each bound to the current stage. */
    public static <T> Collection<T> wrapAll(Collection<T> tasks) {
        StageTracker t = tracker;
        if (t == null || tasks == null) {
            return tasks;
        }
        try {
            StageFrame frame = t.current();
            List<Object> out = new ArrayList<>(tasks.size());
            for (Object o : tasks) {
                out.add(o instanceof Callable<?> c && !(o instanceof StageCallable) ? new StageCallable<>(c, frame, t) : o);
            }
            @SuppressWarnings("unchecked")
            Collection<T> typed = (Collection<T>) out;
            return typed;
        } catch (Throwable e) {
            return tasks;
        }
    }

    /** A runnable that runs with a given stage as its thread's current one. */
    static final class StageRunnable implements Runnable {
        private final Runnable task;
        private final StageFrame frame;
        private final StageTracker tracker;

        StageRunnable(Runnable task, StageFrame frame, StageTracker tracker) {
            this.task = task;
            this.frame = frame;
            this.tracker = tracker;
        }

        @Override
        public void run() {
            StageFrame previous = tracker.swap(frame);
            try {
                task.run();
            } finally {
                tracker.swap(previous);
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }

    /** A callable that runs with a given stage as its thread's current one. */
    static final class StageCallable<V> implements Callable<V> {
        private final Callable<V> task;
        private final StageFrame frame;
        private final StageTracker tracker;

        StageCallable(Callable<V> task, StageFrame frame, StageTracker tracker) {
            this.task = task;
            this.frame = frame;
            this.tracker = tracker;
        }

        @Override
        public V call() throws Exception {
            StageFrame previous = tracker.swap(frame);
            try {
                return task.call();
            } finally {
                tracker.swap(previous);
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }
}
