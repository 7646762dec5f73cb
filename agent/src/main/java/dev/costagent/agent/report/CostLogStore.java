package dev.costagent.agent.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.costagent.agent.ledger.Totals;
import dev.costagent.agent.pricing.Money;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Keeps {@code cost_log.json}: one entry per run and cumulative totals over all runs (SPEC section 4).
 *
 * <p>Several JVMs may end at once on the same log: each update holds an exclusive lock on
 * {@code cost_log.json.lock} for the whole read-modify-write, and replaces the log atomically, so no run is lost
 * and a reader never sees half a file. A log that cannot be read as ours is moved aside, never overwritten.
 * Fields this version does not know are kept as they are.
 *
 * <p>A run may be written twice (at a budget stop, then at exit): its entry is replaced by {@code run_id}, and
 * what this process added to the cumulative totals the first time is taken out before the new figures go in.
 *
 * <p>Thread-safety: {@link #write} is synchronized; across JVMs the file lock serialises.
 */
public final class CostLogStore {

    /** File locks belong to the whole JVM: two stores of one JVM on the same file must also take turns here. */
    private static final Map<Path, Object> JVM_MONITORS = new ConcurrentHashMap<>();
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path file;
    private final Logger log;
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    /** What this process last added to the cumulative totals, to take out when its entry is replaced. */
    private Contribution written;

    /** One run's share of the cumulative totals. */
    private record Contribution(String runId, String workflow, BigDecimal total, Map<String, BigDecimal> stages,
                                Map<String, BigDecimal> models) {
    }

    public CostLogStore(Path file, Logger log) {
        this.file = file.toAbsolutePath().normalize();
        this.log = log;
    }

    public Path file() {
        return file;
    }

    /** Adds the run's entry (or replaces it, if this process wrote it before) and updates the cumulative totals. */
    public synchronized void write(RunSnapshot run) throws IOException {
        Files.createDirectories(file.getParent());
        Object monitor = JVM_MONITORS.computeIfAbsent(file, f -> new Object());
        synchronized (monitor) {
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = lockChannel.lock()) {
                ObjectNode root = readOrSetAside();
                Contribution next = contribution(run);
                update(root, run, next);
                AtomicFiles.write(file, render(root));
                written = next;
            }
        }
    }

    private byte[] render(ObjectNode root) throws JsonProcessingException {
        byte[] body = mapper.writeValueAsBytes(root);
        byte[] withNewline = java.util.Arrays.copyOf(body, body.length + 1);
        withNewline[body.length] = '\n';
        return withNewline;
    }

    private ObjectNode readOrSetAside() throws IOException {
        if (!Files.exists(file)) {
            return fresh();
        }
        String problem;
        try {
            JsonNode node = mapper.readTree(file.toFile());
            problem = shapeProblem(node);
            if (problem == null) {
                return (ObjectNode) node;
            }
        } catch (JsonProcessingException e) {
            problem = "it is not valid JSON (" + e.getOriginalMessage() + " at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")";
        }
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(Instant.now()));
        Files.move(file, aside);
        log.warn("{} could not be read: {}; kept it aside as {} and started a new log", file, problem, aside);
        return fresh();
    }

    /** Null when the document has the shape this code updates; otherwise what is wrong with it. */
    private static String shapeProblem(JsonNode node) {
        if (node == null || !node.isObject()) {
            return "it is not a JSON object";
        }
        if (!node.path("runs").isArray()) {
            return "it has no 'runs' list";
        }
        JsonNode c = node.path("cumulative");
        if (!c.isObject()) {
            return "it has no 'cumulative' object";
        }
        if (!c.path("runs").isIntegralNumber() || !c.path("total_cost_usd").isNumber()) {
            return "its 'cumulative' totals are not numbers";
        }
        for (String m : new String[] {"stages", "models", "workflows"}) {
            JsonNode map = c.path(m);
            if (!map.isObject()) {
                return "its 'cumulative." + m + "' is not an object";
            }
            for (JsonNode v : map) {
                if (!v.isNumber()) {
                    return "its 'cumulative." + m + "' holds a value that is not a number";
                }
            }
        }
        return null;
    }

    private ObjectNode fresh() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putArray("runs");
        ObjectNode c = root.putObject("cumulative");
        c.put("runs", 0);
        c.put("total_cost_usd", BigDecimal.ZERO);
        c.putObject("stages");
        c.putObject("models");
        c.putObject("workflows");
        return root;
    }

    private void update(ObjectNode root, RunSnapshot run, Contribution next) {
        ArrayNode runs = (ArrayNode) root.get("runs");
        ObjectNode c = (ObjectNode) root.get("cumulative");
        boolean replaced = false;
        for (Iterator<JsonNode> it = runs.iterator(); it.hasNext(); ) {
            JsonNode r = it.next();
            if (run.runId().equals(r.path("run_id").asText(null))) {
                it.remove();
                replaced = true;
            }
        }
        if (replaced && written != null && written.runId().equals(run.runId())) {
            apply(c, written, BigDecimal.ONE.negate());
        } else {
            c.put("runs", c.get("runs").asLong() + 1);
        }
        apply(c, next, BigDecimal.ONE);
        runs.add(entry(run));
    }

    private static void apply(ObjectNode c, Contribution k, BigDecimal sign) {
        c.put("total_cost_usd", plain(c.get("total_cost_usd").decimalValue().add(k.total().multiply(sign))));
        add((ObjectNode) c.get("stages"), k.stages(), sign);
        add((ObjectNode) c.get("models"), k.models(), sign);
        add((ObjectNode) c.get("workflows"), Map.of(k.workflow(), k.total()), sign);
    }

    private static void add(ObjectNode target, Map<String, BigDecimal> amounts, BigDecimal sign) {
        for (Map.Entry<String, BigDecimal> e : amounts.entrySet()) {
            JsonNode old = target.get(e.getKey());
            BigDecimal base = old == null ? BigDecimal.ZERO : old.decimalValue();
            target.put(e.getKey(), plain(base.add(e.getValue().multiply(sign))));
        }
    }

    private ObjectNode entry(RunSnapshot run) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("run_id", run.runId());
        e.put("workflow", run.workflow());
        e.put("started_at", run.startedAt().toString());
        e.put("ended_at", run.endedAt().toString());
        e.put("status", run.status());
        if (run.budgetUsd() == null) {
            e.putNull("budget_usd");
        } else {
            e.put("budget_usd", run.budgetUsd());
        }
        e.put("total_cost_usd", Money.usd(run.totals().picos()));
        ObjectNode costs = e.putObject("costs");
        run.stages().forEach((stage, t) -> costs.put(stage, Money.usd(t.picos())));
        return e;
    }

    private static Contribution contribution(RunSnapshot run) {
        return new Contribution(run.runId(), run.workflow(), Money.usd(run.totals().picos()), usd(run.stages()),
                usd(run.models()));
    }

    private static Map<String, BigDecimal> usd(Map<String, Totals> m) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        m.forEach((k, t) -> out.put(k, Money.usd(t.picos())));
        return out;
    }

    private static BigDecimal plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
