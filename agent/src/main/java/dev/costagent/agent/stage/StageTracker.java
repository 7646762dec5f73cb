package dev.costagent.agent.stage;

/**
 * The innermost active stage of each thread, and a slot for the thread's innermost tracked call, in one
 * per-thread object: a tracked call looks the thread up once, not once for its stage and again for its own frame.
 *
 * <p>Inheritable: a thread (platform or virtual) started inside a stage works on its behalf until it enters a
 * stage of its own; it gets its own state object holding the parent's stage, never the parent's object and never
 * its tracked calls. Tasks handed to the JDK's executors carry their submitter's stage explicitly instead (see the
 * context package).
 *
 * <p>Thread-safety: each thread sees and changes only its own state object.
 */
public final class StageTracker {

    /**
     * One thread's state. Read and written only by its own thread (a child thread's copy is made by the thread that
     * starts it, before the child runs).
     */
    public static final class ThreadState {
        StageFrame stage;
        /** The runtime's innermost tracked or SDK call frame on this thread, or null; opaque here. */
        public Object calls;

        ThreadState(StageFrame stage) {
            this.stage = stage;
        }

        /** The innermost active stage of this thread, or null outside every stage. */
        public StageFrame stage() {
            return stage;
        }
    }

    private final ThreadLocal<ThreadState> states = new InheritableThreadLocal<>() {
        @Override
        protected ThreadState childValue(ThreadState parent) {
            return parent == null || parent.stage == null ? null : new ThreadState(parent.stage);
        }
    };

    /** The calling thread's state, made on first use. */
    public ThreadState state() {
        ThreadState s = states.get();
        if (s == null) {
            s = new ThreadState(null);
            states.set(s);
        }
        return s;
    }

    /** The innermost active stage of the calling thread, or null outside every stage. */
    public StageFrame current() {
        ThreadState s = states.get();
        return s == null ? null : s.stage;
    }

    /** Starts a stage nested in the calling thread's current one. */
    public StageFrame enter(String name) {
        ThreadState s = state();
        StageFrame f = new StageFrame(name, s.stage, s);
        s.stage = f;
        return f;
    }

    /**
     * Ends a stage: the thread's current stage becomes the frame's parent, and the parent is charged with
     * what the frame spent. Tolerates frames ended out of order (an exception thrown past an inner stage whose
     * exit did not run), by restoring the frame's parent regardless.
     */
    public void exit(StageFrame frame) {
        StageFrame parent = frame.parent();
        if (parent != null) {
            parent.addSpent(frame.spent());
        }
        // The frame's own thread state: a stage ends on the thread it began on, so no lookup is needed.
        frame.thread.stage = parent;
    }

    /** Makes {@code frame} the calling thread's current stage and returns the one it replaces (context hand-off). */
    public StageFrame swap(StageFrame frame) {
        ThreadState s = states.get();
        if (s == null) {
            if (frame == null) {
                return null;
            }
            s = state();
        }
        StageFrame prev = s.stage;
        s.stage = frame;
        return prev;
    }
}
