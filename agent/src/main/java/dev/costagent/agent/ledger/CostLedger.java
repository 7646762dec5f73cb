package dev.costagent.agent.ledger;

import dev.costagent.agent.value.TokenCounts;
import dev.costagent.agent.value.Totals;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The run's running totals, kept per stage x model x provider x operation; every other view (per stage, per
 * model, ...) is summed from these cells when a report is made. Memory is bounded by the number of distinct
 * cells, never by the number of calls.
 *
 * <p>Thread-safety: lock-free; any number of threads record at once and no update is lost ({@link StripedCounters}
 * in {@link ConcurrentHashMap} cells). A snapshot taken while threads record sees each call either wholly or
 * not at all per field, which is what a running report needs.
 */
public final class CostLedger {

    /**
     * One cell's identity. {@code priced} separates unknown models, which are listed apart in the report.
     *
     * <p>{@code equals}, {@code hashCode} and {@code toString} are written out, with the results the generated ones
     * give: the generated ones bootstrap {@code ObjectMethods} through method handles on first use, tens of
     * milliseconds of the program's start-up.
     */
    public record Key(String stage, String model, String provider, String operation, boolean priced) {

        @Override
        public boolean equals(Object o) {
            return this == o || o instanceof Key k && priced == k.priced && Objects.equals(stage, k.stage)
                    && Objects.equals(model, k.model) && Objects.equals(provider, k.provider)
                    && Objects.equals(operation, k.operation);
        }

        @Override
        public int hashCode() {
            int h = Objects.hashCode(stage);
            h = 31 * h + Objects.hashCode(model);
            h = 31 * h + Objects.hashCode(provider);
            h = 31 * h + Objects.hashCode(operation);
            return 31 * h + Boolean.hashCode(priced);
        }

        @Override
        public String toString() {
            return "Key[stage=" + stage + ", model=" + model + ", provider=" + provider + ", operation=" + operation
                    + ", priced=" + priced + "]";
        }
    }

    /** One cell's counters; {@link CostRecorder} keeps the cells it uses often, so as not to look them up. */
    static final class Cell {
        static final int CALLS = 0;
        static final int INPUT = 1;
        static final int OUTPUT = 2;
        static final int CACHE_READ = 3;
        static final int CACHE_WRITE = 4;
        static final int PICOS = 5;

        final StripedCounters counters = new StripedCounters(6);
        /** When the cell was made, among the ledger's cells: reports list names in the order they first spent. */
        final long order;

        Cell(long order) {
            this.order = order;
        }

        Totals totals() {
            return new Totals(counters.sum(CALLS), counters.sum(INPUT), counters.sum(OUTPUT),
                    counters.sum(CACHE_READ), counters.sum(CACHE_WRITE), counters.sum(PICOS));
        }
    }

    private final ConcurrentHashMap<Key, Cell> cells = new ConcurrentHashMap<>();
    private final AtomicLong cellsMade = new AtomicLong();
    /** A class rather than a lambda: its first use would spin a class while the host starts. */
    private final Function<Key, Cell> newCell = new Function<>() {
        @Override
        public Cell apply(Key k) {
            return new Cell(cellsMade.getAndIncrement());
        }
    };
    private final StripedCounters totalPicos = new StripedCounters(1);
    private final LongAdder unmetered = new LongAdder();

    /** Adds one call whose usage was read. */
    public void record(Key key, TokenCounts t, long picos) {
        record(cell(key), t, picos);
    }

    /** The cell of {@code key}, made if new: the one every record of that key adds to. */
    Cell cell(Key key) {
        Cell c = cells.get(key);
        return c != null ? c : cells.computeIfAbsent(key, newCell);
    }

    /** {@link #record(Key, TokenCounts, long)} into a cell this ledger's {@link #cell} gave. */
    void record(Cell c, TokenCounts t, long picos) {
        int stripe = StripedCounters.stripe();
        StripedCounters n = c.counters;
        n.add(stripe, Cell.CALLS, 1);
        // Zero counts (no cache use, embeddings' output) are common: an add of nothing still costs an atomic add.
        addNonZero(n, stripe, Cell.INPUT, t.input());
        addNonZero(n, stripe, Cell.OUTPUT, t.output());
        addNonZero(n, stripe, Cell.CACHE_READ, t.cacheRead());
        addNonZero(n, stripe, Cell.CACHE_WRITE, t.cacheWrite() + t.cacheWrite1h());
        if (picos != 0) {
            n.add(stripe, Cell.PICOS, picos);
            totalPicos.add(stripe, 0, picos);
        }
    }

    private static void addNonZero(StripedCounters counters, int stripe, int counter, long value) {
        if (value != 0) {
            counters.add(stripe, counter, value);
        }
    }

    /** Adds a cost reported by the program itself ({@code CostAgent.recordCost}), with no tokens. */
    public void recordCost(Key key, long picos) {
        record(key, TokenCounts.ZERO, picos);
    }

    /** Counts a call whose response had no readable usage. */
    public void recordUnmetered() {
        unmetered.increment();
    }

    /**
     * Everything spent so far, in picodollars. Costs are never negative, so a negative sum can only be an overflow
     * (over $9.2 million, from garbage usage figures): it reads as the largest amount, which exceeds any budget,
     * rather than as a small one that would let the run go on spending.
     */
    public long totalPicos() {
        long sum = totalPicos.sum(0);
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    public long unmeteredCalls() {
        return unmetered.sum();
    }

    /** A copy of every cell's totals, in the order the cells were made (the order their calls first came). */
    public List<Map.Entry<Key, Totals>> cells() {
        List<Map.Entry<Key, Cell>> made = new ArrayList<>(cells.entrySet());
        made.sort(Comparator.comparingLong(e -> e.getValue().order));
        List<Map.Entry<Key, Totals>> out = new ArrayList<>(made.size());
        for (Map.Entry<Key, Cell> e : made) {
            out.add(Map.entry(e.getKey(), e.getValue().totals()));
        }
        return out;
    }
}
