package dev.costagent.agent.calls;

import dev.costagent.agent.instrument.Site;
import dev.costagent.agent.stage.StageFrame;
import dev.costagent.agent.stage.StageTracker;

/**
 * One tracked call or hooked SDK call running on a thread, from its method's entry to its exit: the frames of a
 * thread form a stack through {@link #parent}, whose top is the thread state's {@code calls}.
 *
 * <p>Thread-safety: a frame is made, read and popped by its own thread.
 */
final class CallFrame {

    /** The state of the thread the call runs on; its {@code calls} is this frame until the call ends. */
    final StageTracker.ThreadState thread;
    final CallFrame parent;
    final StageFrame stage;
    final Site site;
    /** For an SDK frame: the receiver and the arguments of the hooked method, until it returns. */
    Object self;
    Object[] arguments;
    /** A call inside this one recorded (or will record) a response: this one adds none of its own. */
    boolean innerCounted;

    CallFrame(StageTracker.ThreadState thread, Site site) {
        this.thread = thread;
        this.parent = (CallFrame) thread.calls;
        this.stage = thread.stage();
        this.site = site;
    }

    /**
     * The frame whose site names a call made in this frame: the innermost enclosing {@code @TrackedCall} (the
     * program's own name for the operation, and its model hint), else this frame.
     */
    CallFrame naming() {
        for (CallFrame f = this; f != null; f = f.parent) {
            if (f.site != null && f.site.kind() == Site.Kind.CALL) {
                return f;
            }
        }
        return this;
    }

    /** Whose name a call made in this frame goes under, for recording it later or elsewhere. */
    Attribution attribution(String requestModel) {
        CallFrame named = naming();
        return new Attribution(site, named.site.name(), named.site.modelHint(), stage, requestModel);
    }

    /** This call's response was, or will be, recorded: the enclosing call adds none. */
    void countedInside() {
        if (parent != null) {
            parent.innerCounted = true;
        }
    }
}
