package dev.costagent.agent.stage;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StageTrackerTest {

    private final StageTracker stages = new StageTracker();

    @Test
    void stagesNestAndUnwindOnTheirThread() {
        assertNull(stages.current());
        StageFrame outer = stages.enter("outer");
        StageFrame inner = stages.enter("inner");
        assertSame(outer, inner.parent());
        assertSame(inner, stages.current());
        assertSame(inner, stages.state().stage());

        stages.exit(inner);
        assertSame(outer, stages.current());
        stages.exit(outer);
        assertNull(stages.current());
    }

    @Test
    void aThreadStartedInAStageGetsTheStageButItsOwnStateAndNoCalls() throws Exception {
        StageFrame outer = stages.enter("outer");
        StageTracker.ThreadState mine = stages.state();
        Object call = new Object();
        mine.calls = call;
        AtomicReference<StageFrame> seen = new AtomicReference<>();
        AtomicReference<Object> seenCalls = new AtomicReference<>(call);
        AtomicReference<StageTracker.ThreadState> theirs = new AtomicReference<>();

        Thread child = new Thread(() -> {
            seen.set(stages.current());
            seenCalls.set(stages.state().calls);
            theirs.set(stages.state());
            stages.enter("child's own");
        });
        child.start();
        child.join();

        assertSame(outer, seen.get());
        assertNull(seenCalls.get());
        assertNotSame(mine, theirs.get());
        // The child's own stage is not the parent's business.
        assertSame(outer, stages.current());
        assertSame(call, mine.calls);
        stages.exit(outer);
    }

    @Test
    void aThreadStartedOutsideEveryStageHasNone() throws Exception {
        stages.state().calls = new Object();
        AtomicReference<Object> seen = new AtomicReference<>("unset");
        Thread child = new Thread(() -> seen.set(stages.current()));
        child.start();
        child.join();
        assertNull(seen.get());
    }

    @Test
    void swapHandsAStageToAThreadAndBack() {
        StageFrame handed = new StageTracker().enter("handed"); // a frame of another tracker, as a task carries one
        assertNull(stages.swap(handed));
        assertSame(handed, stages.current());
        assertSame(handed, stages.swap(null));
        assertNull(stages.current());
    }
}
