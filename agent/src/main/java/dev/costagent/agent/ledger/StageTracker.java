package dev.costagent.agent.ledger;

/**
 * The innermost active stage of each thread. Inheritable: a thread (platform or virtual) started inside a stage
 * works on its behalf until it enters a stage of its own; tasks handed to the JDK's executors carry their
 * submitter's stage explicitly instead (see the context package).
 *
 * <p>Thread-safety: each thread sees and changes only its own current frame.
 */
public final class StageTracker {

    private final ThreadLocal<StageFrame> current = new InheritableThreadLocal<>();

    /** The innermost active stage of the calling thread, or null outside every stage. */
    public StageFrame current() {
        return current.get();
    }

    /** Starts a stage nested in the calling thread's current one. */
    public StageFrame enter(String name) {
        StageFrame f = new StageFrame(name, current.get());
        current.set(f);
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
        if (parent == null) {
            current.set(null);
        } else {
            current.set(parent);
        }
    }

    /** Makes {@code frame} the calling thread's current stage and returns the one it replaces (context hand-off). */
    public StageFrame swap(StageFrame frame) {
        StageFrame prev = current.get();
        if (frame == null) {
            current.set(null);
        } else {
            current.set(frame);
        }
        return prev;
    }
}
