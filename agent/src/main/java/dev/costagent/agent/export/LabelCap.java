package dev.costagent.agent.export;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * Keeps the number of distinct values of one label (stage, model, operation) bounded, as metric backends need: the
 * first {@code cap} values seen are exported as they are; any later one is exported as {@value #OTHER}, with one
 * WARN the first time. A value once admitted stays admitted, so a series never moves between label values.
 *
 * <p>The values come from the program (stage names, operation names, model names as responses give them), so
 * without a cap a program that builds names at run time would make a series per call. The report keeps every name.
 *
 * <p>Thread-safety: safe; called on the exporters' own threads (a scrape, an export, the OTLP queue's drainer).
 */
public final class LabelCap {

    /** The value a label takes once its cap is reached. */
    public static final String OTHER = "other";

    /** The default cap, per label: far above a real pipeline's stages or models, far below what hurts a backend. */
    public static final int DEFAULT = 100;

    private final String label;
    private final int cap;
    private final Logger log;
    private final ConcurrentHashMap<String, Boolean> admitted = new ConcurrentHashMap<>();
    private final AtomicBoolean warned = new AtomicBoolean();

    /** @param label the label's name, for the warning */
    public LabelCap(String label, int cap, Logger log) {
        this.label = label;
        this.cap = cap;
        this.log = log;
    }

    /** The value to export for {@code value}: itself when admitted (or admissible), else {@value #OTHER}. */
    public String apply(String value) {
        String v = value == null ? "unknown" : value;
        if (admitted.containsKey(v)) {
            return v;
        }
        synchronized (admitted) {
            if (admitted.containsKey(v)) {
                return v;
            }
            if (admitted.size() < cap) {
                admitted.put(v, Boolean.TRUE);
                return v;
            }
        }
        if (warned.compareAndSet(false, true)) {
            log.warn("more than {} distinct values of the metrics label '{}': the rest are exported as {}=\"{}\" "
                    + "(the report lists them all)", cap, label, label, OTHER);
        }
        return OTHER;
    }
}
