package dev.costagent.agent.report;

import com.fasterxml.jackson.core.JsonParser;
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
import dev.costagent.agent.events.RunSnapshot;
import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.Totals;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * The log writer as it was before the streaming rewrite of {@link CostLogStore}: the whole log read into a Jackson
 * databind tree, updated there and written back. Kept only as the reference that {@code CostLogStoreDifferentialTest}
 * compares the new writer's output against, byte for byte where the input is in the form the agent writes.
 */
final class DatabindCostLogStore {

    /** File locks belong to the whole JVM: two stores of one JVM on the same file must also take turns here. */
    private static final Map<Path, Object> JVM_MONITORS = new ConcurrentHashMap<>();
    private static final Duration LOCK_WAIT = CostLogStore.LOCK_WAIT;
    private static final Set<String> TOP_FIELDS = Set.of("runs", "cumulative");
    private static final Set<String> CUMULATIVE_FIELDS =
            Set.of("runs", "total_cost_usd", "stages", "models", "workflows");
    private static final Set<String> RUN_FIELDS = Set.of("run_id", "workflow", "started_at", "ended_at", "status",
            "budget_usd", "total_cost_usd", "costs");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path file;
    private final Path lockFile;
    private final Logger log;
    private final FileReplacer files;
    private final Duration lockWait;
    /** What this process last added to the cumulative totals, to take out when its entry is replaced. */
    private Contribution written;
    private boolean unknownFieldsWarned;

    /** One run's share of the cumulative totals. */
    private record Contribution(String runId, String workflow, BigDecimal total, Map<String, BigDecimal> stages,
                                Map<String, BigDecimal> models) {
    }

    DatabindCostLogStore(Path file, Logger log) {
        this(file, log, FileReplacer.ATOMIC, LOCK_WAIT);
    }

    /**
     * @param files    how the new log replaces the old one
     * @param lockWait how long to wait for other processes' writes before giving up
     */
    DatabindCostLogStore(Path file, Logger log, FileReplacer files, Duration lockWait) {
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.log = log;
        this.files = files;
        this.lockWait = lockWait;
    }

    public Path file() {
        return file;
    }

    /**
     * Adds the run's entry (or replaces it, if this process wrote it before) and updates the cumulative totals.
     *
     * @throws IOException when the log could not be updated; it is then as it was
     */
    public synchronized void write(RunSnapshot run) throws IOException {
        Files.createDirectories(file.getParent());
        Object monitor = JVM_MONITORS.computeIfAbsent(file, f -> new Object());
        synchronized (monitor) {
            try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = lock(lockChannel)) {
                removeLeftTemporaryFiles();
                ObjectNode root = readOrSetAside();
                Contribution next = contribution(run);
                update(root, run, next);
                files.replace(file, render(root));
                written = next;
            }
        }
    }

    /** The exclusive lock, waiting at most {@link #lockWait} for the processes ahead. */
    private FileLock lock(FileChannel channel) throws IOException {
        long deadline = System.nanoTime() + lockWait.toNanos();
        long pauseMillis = 1;
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IOException("another process has held " + lockFile + " for more than "
                        + lockWait.toMillis() + " ms");
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + lockFile);
            }
            pauseMillis = Math.min(pauseMillis * 2, 25);
        }
    }

    /**
     * Temporary files of writes killed before their rename. Every write of the log happens under the lock this
     * process now holds, so any such file left is an orphan.
     */
    private void removeLeftTemporaryFiles() {
        String prefix = AtomicFiles.tempPrefix(file);
        try (DirectoryStream<Path> left = Files.newDirectoryStream(file.getParent(),
                p -> p.getFileName().toString().startsWith(prefix)
                        && p.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX))) {
            for (Path p : left) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("could not remove left temporary files of {}", file, e);
        }
    }

    private byte[] render(ObjectNode root) throws JsonProcessingException {
        byte[] body = Json.MAPPER.writeValueAsBytes(root);
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
            JsonNode node = Json.MAPPER.readTree(file.toFile());
            problem = shapeProblem(node);
            if (problem == null) {
                warnOfUnknownFields(node);
                return (ObjectNode) node;
            }
        } catch (JsonProcessingException e) {
            problem = "it is not valid JSON (" + oneLine(e.getOriginalMessage()) + " at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")";
        }
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(Instant.now()));
        Files.move(file, aside);
        log.warn("{} could not be read: {}; kept it aside as {} and started a new log", file, problem, aside);
        return fresh();
    }

    /** Fields a newer version wrote are kept; saying so once lets the user know an older agent is writing. */
    private void warnOfUnknownFields(JsonNode root) {
        if (unknownFieldsWarned) {
            return;
        }
        List<String> unknown = new ArrayList<>();
        unknownNames(root, TOP_FIELDS, "", unknown);
        unknownNames(root.get("cumulative"), CUMULATIVE_FIELDS, "cumulative.", unknown);
        for (JsonNode run : root.get("runs")) {
            unknownNames(run, RUN_FIELDS, "runs[].", unknown);
        }
        if (!unknown.isEmpty()) {
            unknownFieldsWarned = true;
            log.warn("{} holds fields this version of cost-agent does not know ({}), perhaps from a newer version: "
                    + "they are kept as they are", file, String.join(", ", unknown));
        }
    }

    private static void unknownNames(JsonNode node, Set<String> known, String prefix, List<String> out) {
        if (node == null || !node.isObject()) {
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext() && out.size() < 10; ) {
            String name = prefix + names.next();
            if (!known.contains(name.substring(prefix.length())) && !out.contains(name)) {
                out.add(name);
            }
        }
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

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    private static BigDecimal plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    /**
     * Jackson's databind, built on first use: the log is read and written at the end of a run, and loading its
     * two hundred classes at start-up would sit on the program's critical path for nothing.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                // Two members of one name would silently lose one of them on the way back out: not a log we keep.
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                // A second document after the first (an append by something else) would be dropped by a rewrite.
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();
    }
}
