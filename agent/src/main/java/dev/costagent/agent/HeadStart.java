package dev.costagent.agent;

/**
 * Work the agent does ahead on a daemon thread of its own, so that it overlaps the program's start: the
 * application jar's opening, the rewriting classes, the instrumenter. None of it is needed for
 * correctness, only for speed, so a JVM that cannot start one more thread loses the head start, never the run.
 */
final class HeadStart {

    private HeadStart() {
    }

    /** Starts {@code task} on a new daemon thread; false when the thread could not be started. */
    static boolean start(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        try {
            t.start();
            return true;
        } catch (RuntimeException | OutOfMemoryError e) {
            return false;
        }
    }
}
