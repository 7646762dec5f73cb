package dev.costagent.agent.calls;

import dev.costagent.agent.instrument.Site;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.ledger.CostRecorder;
import dev.costagent.agent.log.Faults;
import dev.costagent.agent.stage.StageFrame;
import dev.costagent.agent.usage.UsageReader;
import dev.costagent.agent.value.ResponseUsage;
import org.slf4j.Logger;

/**
 * Turns a call's response or usage into a record of the ledger, each response once: reads the usage, checks the
 * count-once table ({@link CountedResponses}), names the model from the request when the response does not, and
 * counts a call without readable usage as unmetered, with a warning once per method.
 *
 * <p>Thread-safety: safe; the table is lock-free, recording is the ledger's.
 */
public final class CallRecorder {

    private final CostRecorder recorder;
    private final CostLedger ledger;
    private final UsageReader reader;
    private final Faults faults;
    private final Logger log;
    private final CountedResponses counted = new CountedResponses();

    public CallRecorder(CostRecorder recorder, CostLedger ledger, UsageReader reader, Faults faults, Logger log) {
        this.recorder = recorder;
        this.ledger = ledger;
        this.reader = reader;
        this.faults = faults;
        this.log = log;
    }

    UsageReader reader() {
        return reader;
    }

    /** Records a response; true when it was counted (now or before). Never throws. */
    boolean record(Attribution who, Object value) {
        return record(who.site(), who.operation(), who.modelHint(), who.stage(), who.requestModel(), value);
    }

    /**
     * {@link #record(Attribution, Object)} with the attribution's parts, for the common case recorded at once on
     * the calling thread, which needs no Attribution object. Never throws.
     *
     * <p>The usage is read first and the response added to the counted table only when it has one: adding is
     * also the lookup (one pass over the table per call), and a value without usage is never added, since such
     * values are often shared (an interned string, {@code Boolean.TRUE}) and each call returning one is an
     * unmetered call of its own.
     */
    boolean record(Site s, String operation, String modelHint, StageFrame stage, String requestModel,
                   Object value) {
        try {
            ResponseUsage usage = value == null ? null : reader.read(value);
            if (usage == null) {
                if (value != null && counted.contains(value)) {
                    return true; // a framework response standing for SDK calls counted before
                }
                ledger.recordUnmetered();
                if (s.firstWarning()) {
                    log.warn("{} returned {} with no readable token usage: counted as unmetered (warned once per method)",
                            s.method(), value == null ? "nothing" : value.getClass().getName());
                }
                return false;
            }
            if (!counted.add(value)) {
                return true;
            }
            recordUsage(operation, modelHint, stage, requestModel, usage);
            return true;
        } catch (Throwable t) {
            faults.report("recording " + s.method(), t);
            return false;
        }
    }

    /** Records usage the caller read itself (a stream's total, a batch result): no count-once lookup. */
    void recordUsage(Attribution who, ResponseUsage usage) {
        recordUsage(who.operation(), who.modelHint(), who.stage(), who.requestModel(), usage);
    }

    private void recordUsage(String operation, String modelHint, StageFrame stage, String requestModel,
                             ResponseUsage usage) {
        ResponseUsage named = usage;
        if ((usage.model() == null || usage.model().isBlank()) && requestModel != null) {
            named = new ResponseUsage(requestModel, usage.provider(), usage.tokens(), usage.batch());
        }
        recorder.record(named, modelHint, operation, stage);
    }

    /** A stream of {@code who} ended without any usage: an unmetered call, warned about once per method. */
    void unmeteredStream(Attribution who, String hint) {
        ledger.recordUnmetered();
        if (who.site().firstWarning()) {
            log.warn("a stream from {} carried no token usage: counted as unmetered{}", who.site().method(), hint);
        }
    }

    /** Adds an object to the count-once table; false when it was there already. */
    boolean markCounted(Object response) {
        return counted.add(response);
    }

    boolean isCounted(Object response) {
        return counted.contains(response);
    }

    void fault(String where, Throwable t) {
        faults.report(where, t);
    }
}
