package dev.costagent.agent.report.history;

import dev.costagent.agent.value.Money;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The log's {@code cumulative} object while a write updates it: read as plain JSON values, so that members a newer
 * version added are written back as they were, and changed by exact decimal arithmetic.
 */
final class Cumulative {

    static final String[] GROUPS = {"stages", "models", "workflows"};

    private final Map<String, Object> object;

    private Cumulative(Map<String, Object> object) {
        this.object = object;
    }

    static Cumulative empty() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("runs", 0L);
        c.put("total_cost_usd", BigDecimal.ZERO);
        for (String g : GROUPS) {
            c.put(g, new LinkedHashMap<String, Object>());
        }
        return new Cumulative(c);
    }

    /**
     * @param value the {@code cumulative} member as {@code JsonValues} read it
     * @throws NotACostLog when it is not of the form this code updates
     */
    @SuppressWarnings("unchecked")
    static Cumulative of(Object value) throws NotACostLog {
        if (!(value instanceof Map<?, ?> c)) {
            throw new NotACostLog("its 'cumulative' is not an object");
        }
        Object runs = c.get("runs");
        if (!(runs instanceof Long || runs instanceof BigInteger) || !(c.get("total_cost_usd") instanceof Number)) {
            throw new NotACostLog("its 'cumulative' totals are not numbers");
        }
        for (String g : GROUPS) {
            if (!(c.get(g) instanceof Map<?, ?> m)) {
                throw new NotACostLog("its 'cumulative." + g + "' is not an object");
            }
            for (Object v : m.values()) {
                if (!(v instanceof Number)) {
                    throw new NotACostLog("its 'cumulative." + g + "' holds a value that is not a number");
                }
            }
        }
        // A copy: the caller's values (the index's, a scan's) stay as they were if this write is tried again.
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : c.entrySet()) {
            Object v = e.getValue();
            copy.put((String) e.getKey(), v instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : v);
        }
        return new Cumulative(copy);
    }

    /** The object as plain values (the index carries them); not to be changed by the caller. */
    Map<String, Object> values() {
        return object;
    }

    Iterable<String> names() {
        return object.keySet();
    }

    void countRuns(long added) {
        object.put("runs", BigInteger.valueOf(((Number) object.get("runs")).longValue()).add(BigInteger.valueOf(added))
                .longValueExact());
    }

    void add(Contribution c) {
        apply(c, 1);
    }

    void subtract(Contribution c) {
        apply(c, -1);
    }

    private void apply(Contribution c, long sign) {
        object.put("total_cost_usd", plus(object.get("total_cost_usd"), c.totalPicos() * sign));
        add(group("stages"), c.stages(), sign);
        add(group("models"), c.models(), sign);
        add(group("workflows"), Collections.singletonMap(String.valueOf(c.workflow()), c.totalPicos()), sign);
    }

    private static void add(Map<String, Object> target, Map<String, Long> picos, long sign) {
        for (Map.Entry<String, Long> e : picos.entrySet()) {
            target.put(e.getKey(), plus(target.get(e.getKey()), e.getValue() * sign));
        }
    }

    private static BigDecimal plus(Object old, long picos) {
        BigDecimal sum = decimal(old).add(BigDecimal.valueOf(picos, Money.SCALE)).stripTrailingZeros();
        return sum.scale() < 0 ? sum.setScale(0) : sum;
    }

    /** A number of the file, exactly; nothing (a name not there yet) is zero. */
    private static BigDecimal decimal(Object n) {
        if (n == null) {
            return BigDecimal.ZERO;
        }
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        return BigDecimal.valueOf(((Number) n).longValue());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> group(String name) {
        return (Map<String, Object>) object.get(name);
    }

    /** The object pretty-printed as a member of the log's top level. */
    byte[] render() {
        return LogJson.nestedValue(object);
    }

    CumulativeTotals totals() {
        return new CumulativeTotals(((Number) object.get("runs")).longValue(), decimal(object.get("total_cost_usd")),
                decimals(group("stages")), decimals(group("models")), decimals(group("workflows")));
    }

    private static Map<String, BigDecimal> decimals(Map<String, Object> m) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            out.put(e.getKey(), decimal(e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }
}
