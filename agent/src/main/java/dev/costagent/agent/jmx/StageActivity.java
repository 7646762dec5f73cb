package dev.costagent.agent.jmx;

import dev.costagent.agent.stage.StageFrame;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which stage is running now, for {@code CurrentStage}. With several threads in stages at once there is no one
 * current stage; this answers with the stage most recently entered among those still running (on any thread), which
 * is where the pipeline's newest work is. With none running it is {@value StageFrame#UNSTAGED}, the name calls are
 * then attributed to.
 *
 * <p>Thread-safety: safe. Entries and exits are counted on the program's threads (a map read and two atomic
 * increments, at stage boundaries only); the answer is computed on the JMX reader's thread.
 */
final class StageActivity {

    /** One stage name's state: how many of its invocations are running, and the sequence of its latest entry. */
    private static final class Stage {
        final AtomicInteger running = new AtomicInteger();
        volatile long lastEntered;
    }

    private final ConcurrentHashMap<String, Stage> stages = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    void entered(String name) {
        Stage s = stages.get(name);
        if (s == null) {
            s = stages.computeIfAbsent(name, n -> new Stage());
        }
        s.running.incrementAndGet();
        s.lastEntered = sequence.incrementAndGet();
    }

    void ended(String name) {
        Stage s = stages.get(name);
        if (s != null) {
            s.running.decrementAndGet();
        }
    }

    /** The most recently entered stage still running, or {@value StageFrame#UNSTAGED}. */
    String current() {
        String best = StageFrame.UNSTAGED;
        long bestSeq = -1;
        for (Map.Entry<String, Stage> e : stages.entrySet()) {
            Stage s = e.getValue();
            if (s.running.get() > 0 && s.lastEntered > bestSeq) {
                bestSeq = s.lastEntered;
                best = e.getKey();
            }
        }
        return best;
    }
}
