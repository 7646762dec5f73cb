package dev.costagent.agent.ledger;

import dev.costagent.agent.events.RecordedCall;
import dev.costagent.agent.events.RunEvents;
import dev.costagent.agent.pricing.ModelPrice;
import dev.costagent.agent.pricing.ModelResolver;
import dev.costagent.agent.stage.StageFrame;
import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Prices a call's usage and adds it to the ledger under its stage, model, provider and operation, raising the
 * per-operation and per-run warnings.
 *
 * <p>Thread-safety: safe for any number of recording threads.
 */
public final class CostRecorder {

    /** The model name used when neither the response nor the annotation names one. */
    public static final String UNKNOWN_MODEL = "unknown";
    /** The model and provider of costs the program reports itself ({@code CostAgent.recordCost}). */
    public static final String EXTERNAL = "external";

    private final ModelResolver resolver;
    private final CostLedger ledger;
    private final Warnings warnings;
    private final RunEvents events;
    private final long warnOperationPicos;
    private final long warnRunPicos;
    private final AtomicBoolean runWarned = new AtomicBoolean();
    private final Map<String, Boolean> unpricedWarned = new ConcurrentHashMap<>();
    private final Map<String, Boolean> operationWarned = new ConcurrentHashMap<>();

    /**
     * The ledger cells of priced calls recently recorded, by stage name, price and operation, so that a call does
     * not build a {@link CostLedger.Key} and look it up. A fixed table, so bounded whatever the program does; a
     * slot holds the last combination that hashed to it. Slots are read and written without synchronisation: an
     * entry is immutable (final fields, so safely published), and a lost or stale slot only means a lookup in the
     * ledger, which hands out one cell per key, so every call still adds to the one cell of its key.
     */
    private final CachedCell[] cachedCells = new CachedCell[CACHED_CELLS];
    private static final int CACHED_CELLS = 64;

    private static final class CachedCell {
        final String stage;
        final ModelPrice price;
        final String operation;
        final CostLedger.Key key;
        final CostLedger.Cell cell;

        CachedCell(String stage, ModelPrice price, String operation, CostLedger.Key key, CostLedger.Cell cell) {
            this.stage = stage;
            this.price = price;
            this.operation = operation;
            this.key = key;
            this.cell = cell;
        }
    }

    /** @param events told of each call recorded, when a listener wants calls */
    public CostRecorder(ModelResolver resolver, CostLedger ledger, Warnings warnings, RunEvents events,
                        BigDecimal warnOperationUsd, BigDecimal warnRunUsd) {
        this.resolver = resolver;
        this.ledger = ledger;
        this.warnings = warnings;
        this.events = events;
        this.warnOperationPicos = Money.picos(warnOperationUsd);
        this.warnRunPicos = Money.picos(warnRunUsd);
    }

    /**
     * Records one call.
     *
     * @param usage     what the response reported
     * @param modelHint the model to price with when the response names none (may be null)
     * @param operation the operation name
     * @param frame     the stage the call is attributed to, or null for {@code unstaged}
     * @return the call's cost in picodollars
     */
    public long record(ResponseUsage usage, String modelHint, String operation, StageFrame frame) {
        String name = usage.model() != null && !usage.model().isBlank() ? usage.model() : modelHint;
        if (name == null || name.isBlank()) {
            name = UNKNOWN_MODEL;
        }
        ModelPrice price = resolver.resolve(name);
        String stage = frame == null ? StageFrame.UNSTAGED : frame.name();
        long picos;
        CostLedger.Key key;
        CostLedger.Cell cell = null;
        if (price == null) {
            picos = 0;
            String provider = usage.provider() != null ? usage.provider() : "unknown";
            key = new CostLedger.Key(stage, name, provider, operation, false);
            if (unpricedWarned.putIfAbsent(name, Boolean.TRUE) == null) {
                warnings.warn("Unknown model '" + name + "' (operation " + operation
                        + "): not in the catalog, priced at $0; add it to models_catalog.yaml");
            }
        } else {
            picos = price.costPicos(usage.tokens());
            if (usage.batch()) {
                // Message Batches are billed at 50% of list price on every token class; rounded up to the
                // picodollar, which no catalog price (a multiple of $0.000001 per million) ever needs.
                picos = picos / 2 + (picos & 1);
            }
            CachedCell cached = cachedCell(stage, price, operation);
            key = cached.key;
            cell = cached.cell;
        }
        add(key, cell, usage, picos, frame);
        if (events.wantsCalls()) {
            events.callRecorded(new RecordedCall(stage, key.model(), name, key.provider(), operation, usage.tokens(),
                    picos, price != null));
        }
        return picos;
    }

    /**
     * The cell of a priced call. Hit by identity of the price (the resolver hands out one instance per catalog
     * entry) and by equal names, which are the same strings call after call (the site's and the stage's).
     */
    private CachedCell cachedCell(String stage, ModelPrice price, String operation) {
        int slot = (31 * (31 * Objects.hashCode(stage) + Objects.hashCode(operation)) + price.id().hashCode())
                & (CACHED_CELLS - 1);
        CachedCell c = cachedCells[slot];
        if (c != null && c.price == price && Objects.equals(c.stage, stage)
                && Objects.equals(c.operation, operation)) {
            return c;
        }
        CostLedger.Key key = new CostLedger.Key(stage, price.id(), price.provider(), operation, true);
        c = new CachedCell(stage, price, operation, key, ledger.cell(key));
        cachedCells[slot] = c;
        return c;
    }

    /** Records a cost the program reported itself ({@code CostAgent.recordCost}). */
    public void recordCost(String operation, long picos, StageFrame frame) {
        String stage = frame == null ? StageFrame.UNSTAGED : frame.name();
        CostLedger.Key key = new CostLedger.Key(stage, EXTERNAL, EXTERNAL, operation, true);
        add(key, null, null, picos, frame);
        if (events.wantsCalls()) {
            events.callRecorded(new RecordedCall(stage, EXTERNAL, EXTERNAL, EXTERNAL, operation, TokenCounts.ZERO,
                    picos, true));
        }
    }

    /** @param cell the ledger's cell of {@code key}, or null to have the ledger look it up */
    private void add(CostLedger.Key key, CostLedger.Cell cell, ResponseUsage usage, long picos, StageFrame frame) {
        // Only a call worth over 2^52 picodollars ($4,503) can matter for overflow on its own: sum the total then.
        if (picos > (1L << 52) && picos > Long.MAX_VALUE - ledger.totalPicos()) {
            // Only garbage usage figures get here; the caller reports it as a fault and the call is not added.
            throw new ArithmeticException("a call costing $" + Money.usd(picos).toPlainString() + " (operation "
                    + key.operation() + ", model " + key.model() + ") would take the run total past $"
                    + Money.usd(Long.MAX_VALUE).toPlainString());
        }
        if (usage == null) {
            ledger.recordCost(key, picos);
        } else if (cell != null) {
            ledger.record(cell, usage.tokens(), picos);
        } else {
            ledger.record(key, usage.tokens(), picos);
        }
        if (frame != null && picos != 0) {
            frame.addSpent(picos);
        }
        // Once per operation: a loop of expensive calls is one finding, not thousands of lines.
        if (picos > warnOperationPicos && operationWarned.putIfAbsent(key.operation(), Boolean.TRUE) == null) {
            warnings.warn("Operation " + key.operation() + " cost $" + Money.usd(picos).toPlainString()
                    + " in one call (stage " + key.stage() + ", model " + key.model() + "), over the $"
                    + Money.usd(warnOperationPicos).toPlainString() + " per-operation warning threshold");
        }
        // Summing the run total reads every stripe other threads are writing: not on every call. A call worth a
        // 64th of the threshold checks at once; any other call does with probability 1/64, so the warning comes at
        // most a few dozen calls late, and exactly at the stage boundary (checkRunWarning).
        if (!runWarned.get() && picos != 0
                && (picos >= warnRunPicos >> 6 || ThreadLocalRandom.current().nextInt(64) == 0)) {
            checkRunWarning();
        }
    }

    /** Raises the per-run warning if the run total is now over its threshold; once per run. */
    public void checkRunWarning() {
        if (!runWarned.get()) {
            long total = ledger.totalPicos();
            if (total > warnRunPicos && runWarned.compareAndSet(false, true)) {
                warnings.warn("Run total reached $" + Money.usd(total).toPlainString() + ", over the $"
                        + Money.usd(warnRunPicos).toPlainString() + " per-run warning threshold");
            }
        }
    }
}
