package dev.costagent.agent.stage;

import dev.costagent.BudgetExceededException;
import java.util.concurrent.atomic.LongAdder;

/**
 * One active invocation of a stage. Frames form a chain to the outermost stage of the thread; a call is
 * attributed to the innermost frame, and a frame's spending is added to its parent's when it ends, so each
 * frame knows what its whole invocation cost.
 *
 * <p>Thread-safety: {@code spent} may be added to from any thread (work done on other threads on the stage's
 * behalf); the other fields are final.
 */
public final class StageFrame implements StageEntry {

    /** The name calls outside every stage are reported under. */
    public static final String UNSTAGED = "unstaged";

    private final String name;
    private final StageFrame parent;
    private final LongAdder spent = new LongAdder();
    /** The state of the thread the stage runs on; its exit restores the parent there. */
    final StageTracker.ThreadState thread;

    StageFrame(String name, StageFrame parent, StageTracker.ThreadState thread) {
        this.name = name;
        this.parent = parent;
        this.thread = thread;
    }

    /** A running stage is never a refusal. */
    @Override
    public BudgetExceededException refusal() {
        return null;
    }

    public String name() {
        return name;
    }

    public StageFrame parent() {
        return parent;
    }

    public boolean outermost() {
        return parent == null;
    }

    public void addSpent(long picos) {
        spent.add(picos);
    }

    public long spent() {
        return spent.sum();
    }
}
