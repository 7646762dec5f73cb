package dev.costagent.agent.report;

import dev.costagent.agent.events.RunSnapshot;
import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.Totals;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
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
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Keeps {@code cost_log.json}: one entry per run and cumulative totals over all runs (SPEC section 4).
 *
 * <p>Several JVMs may end at once on the same log: each update holds an exclusive lock on
 * {@code cost_log.json.lock} for the whole read-modify-write, and replaces the log atomically, so no run is lost
 * and a reader never sees half a file. A log that cannot be read as ours is moved aside, never overwritten.
 * Fields this version does not know are kept as they are, with one WARN per process.
 *
 * <p>The update happens at shutdown, in a cold JVM, on a log that grows by one entry per run: the old entries are
 * not read into objects but copied as the bytes they are, and only the cumulative totals are read and rewritten
 * (see {@link LogDocument}).
 *
 * <p>The lock is waited for at most {@link #LOCK_WAIT}: a process that hangs while holding it (stopped, frozen)
 * must not keep every other program from ending. Waiting longer than that is a failed write, which the caller
 * reports like any other.
 *
 * <p>A run may be written twice (at a budget stop, then at exit): its entry is replaced by {@code run_id}, and
 * what this process added to the cumulative totals the first time is taken out before the new figures go in.
 *
 * <p>Thread-safety: {@link #write} is synchronized; across JVMs the file lock serialises.
 */
public final class CostLogStore {

    /** File locks belong to the whole JVM: two stores of one JVM on the same file must also take turns here. */
    private static final Map<Path, Object> JVM_MONITORS = new ConcurrentHashMap<>();
    /** How long a write waits for other processes to finish theirs. */
    public static final Duration LOCK_WAIT = Duration.ofSeconds(30);
    private static final Set<String> TOP_FIELDS = Set.of("runs", "cumulative");
    private static final Set<String> CUMULATIVE_FIELDS =
            Set.of("runs", "total_cost_usd", "stages", "models", "workflows");
    private static final Set<String> RUN_FIELDS = Set.of("run_id", "workflow", "started_at", "ended_at", "status",
            "budget_usd", "total_cost_usd", "costs");
    /** In a holder: only a corrupt log needs it, and its forty java.time classes would load at every start. */
    private static final class Stamp {
        static final DateTimeFormatter FORMAT =
                DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    }

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

    public CostLogStore(Path file, Logger log) {
        this(file, log, FileReplacer.ATOMIC, LOCK_WAIT);
    }

    /**
     * @param files    how the new log replaces the old one
     * @param lockWait how long to wait for other processes' writes before giving up
     */
    public CostLogStore(Path file, Logger log, FileReplacer files, Duration lockWait) {
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
        AtomicFiles.ensureDirectory(file.getParent());
        Object monitor = JVM_MONITORS.get(file);
        if (monitor == null) {
            Object mine = new Object();
            monitor = JVM_MONITORS.putIfAbsent(file, mine);
            monitor = monitor == null ? mine : monitor;
        }
        synchronized (monitor) {
            try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = lock(lockChannel)) {
                removeLeftTemporaryFiles();
                LogDocument.Parsed log = readOrSetAside();
                Contribution next = contribution(run);
                update(log.root(), run, next);
                files.replace(file, LogDocument.render(log.root(), log.source()));
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
        try (DirectoryStream<Path> left = Files.newDirectoryStream(file.getParent())) {
            for (Path p : left) {
                String name = p.getFileName().toString();
                if (!name.startsWith(prefix) || !name.endsWith(AtomicFiles.TEMP_SUFFIX)) {
                    continue;
                }
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("could not remove left temporary files of {}", file, e);
        }
    }

    /** The log as it is, or a new one when there is none or it was set aside. */
    private LogDocument.Parsed readOrSetAside() throws IOException {
        if (!Files.exists(file)) {
            return new LogDocument.Parsed(fresh(), null, null);
        }
        byte[] bytes = Files.readAllBytes(file);
        String problem;
        try {
            LogDocument.Parsed parsed = LogDocument.parse(bytes);
            problem = shapeProblem(parsed.root());
            if (problem == null) {
                warnOfUnknownFields(parsed);
                return parsed;
            }
        } catch (LogDocument.NotJson e) {
            problem = "it is not valid JSON (" + oneLine(e.reason) + " at line " + (e.line == null ? "?" : e.line) + ")";
        }
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + Stamp.FORMAT.format(Instant.now()));
        Files.move(file, aside);
        log.warn("{} could not be read: {}; kept it aside as {} and started a new log", file, problem, aside);
        return new LogDocument.Parsed(fresh(), null, null);
    }

    /** Fields a newer version wrote are kept; saying so once lets the user know an older agent is writing. */
    private void warnOfUnknownFields(LogDocument.Parsed parsed) {
        if (unknownFieldsWarned) {
            return;
        }
        Map<String, Object> root = object(parsed.root());
        List<String> unknown = new ArrayList<>();
        unknownNames(root.keySet(), TOP_FIELDS, "", unknown);
        unknownNames(object(root.get("cumulative")).keySet(), CUMULATIVE_FIELDS, "cumulative.", unknown);
        for (Object run : (List<?>) root.get("runs")) {
            if (run instanceof Map<?, ?> m) {
                unknownNames(m.keySet(), RUN_FIELDS, "runs[].", unknown);
            }
        }
        if (parsed.unknownInRuns() != null) {
            unknownNames(parsed.unknownInRuns(), RUN_FIELDS, "runs[].", unknown);
        }
        if (!unknown.isEmpty()) {
            unknownFieldsWarned = true;
            log.warn("{} holds fields this version of cost-agent does not know ({}), perhaps from a newer version: "
                    + "they are kept as they are", file, String.join(", ", unknown));
        }
    }

    private static void unknownNames(Collection<?> names, Set<String> known, String prefix, List<String> out) {
        for (Iterator<?> it = names.iterator(); it.hasNext() && out.size() < 10; ) {
            String name = (String) it.next();
            if (!known.contains(name) && !out.contains(prefix + name)) {
                out.add(prefix + name);
            }
        }
    }

    /** Null when the document has the shape this code updates; otherwise what is wrong with it. */
    private static String shapeProblem(Object root) {
        if (!(root instanceof Map<?, ?> node)) {
            return "it is not a JSON object";
        }
        if (!(node.get("runs") instanceof List)) {
            return "it has no 'runs' list";
        }
        if (!(node.get("cumulative") instanceof Map<?, ?> c)) {
            return "it has no 'cumulative' object";
        }
        if (!isIntegral(c.get("runs")) || !(c.get("total_cost_usd") instanceof Number)) {
            return "its 'cumulative' totals are not numbers";
        }
        for (String m : new String[] {"stages", "models", "workflows"}) {
            if (!(c.get(m) instanceof Map<?, ?> map)) {
                return "its 'cumulative." + m + "' is not an object";
            }
            for (Object v : map.values()) {
                if (!(v instanceof Number)) {
                    return "its 'cumulative." + m + "' holds a value that is not a number";
                }
            }
        }
        return null;
    }

    private static boolean isIntegral(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof BigInteger;
    }

    private static Map<String, Object> fresh() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("runs", new ArrayList<>());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("runs", 0);
        c.put("total_cost_usd", BigDecimal.ZERO);
        c.put("stages", new LinkedHashMap<>());
        c.put("models", new LinkedHashMap<>());
        c.put("workflows", new LinkedHashMap<>());
        root.put("cumulative", c);
        return root;
    }

    private void update(Object document, RunSnapshot run, Contribution next) {
        Map<String, Object> root = object(document);
        @SuppressWarnings("unchecked")
        List<Object> runs = (List<Object>) root.get("runs");
        Map<String, Object> c = object(root.get("cumulative"));
        boolean replaced = false;
        for (Iterator<Object> i = runs.iterator(); i.hasNext(); ) {
            if (run.runId().equals(LogDocument.runIdText(i.next()))) {
                i.remove();
                replaced = true;
            }
        }
        if (replaced && written != null && written.runId().equals(run.runId())) {
            apply(c, written, BigDecimal.ONE.negate());
        } else {
            c.put("runs", ((Number) c.get("runs")).longValue() + 1);
        }
        apply(c, next, BigDecimal.ONE);
        runs.add(entry(run));
    }

    private static void apply(Map<String, Object> c, Contribution k, BigDecimal sign) {
        c.put("total_cost_usd", plain(decimal(c.get("total_cost_usd")).add(k.total().multiply(sign))));
        add(object(c.get("stages")), k.stages(), sign);
        add(object(c.get("models")), k.models(), sign);
        add(object(c.get("workflows")), Map.of(k.workflow(), k.total()), sign);
    }

    private static void add(Map<String, Object> target, Map<String, BigDecimal> amounts, BigDecimal sign) {
        for (Map.Entry<String, BigDecimal> e : amounts.entrySet()) {
            Object old = target.get(e.getKey());
            BigDecimal base = old == null ? BigDecimal.ZERO : decimal(old);
            target.put(e.getKey(), plain(base.add(e.getValue().multiply(sign))));
        }
    }

    /** A number of the document, exactly. */
    private static BigDecimal decimal(Object n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        return BigDecimal.valueOf(((Number) n).longValue());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object node) {
        return (Map<String, Object>) node;
    }

    private static Map<String, Object> entry(RunSnapshot run) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("run_id", run.runId());
        e.put("workflow", run.workflow());
        e.put("started_at", run.startedAt().toString());
        e.put("ended_at", run.endedAt().toString());
        e.put("status", run.status());
        e.put("budget_usd", run.budgetUsd());
        e.put("total_cost_usd", Money.usd(run.totals().picos()));
        Map<String, Object> costs = new LinkedHashMap<>();
        for (Map.Entry<String, Totals> stage : run.stages().entrySet()) {
            costs.put(stage.getKey(), Money.usd(stage.getValue().picos()));
        }
        e.put("costs", costs);
        return e;
    }

    private static Contribution contribution(RunSnapshot run) {
        return new Contribution(run.runId(), run.workflow(), Money.usd(run.totals().picos()), usd(run.stages()),
                usd(run.models()));
    }

    private static Map<String, BigDecimal> usd(Map<String, Totals> m) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (Map.Entry<String, Totals> e : m.entrySet()) {
            out.put(e.getKey(), Money.usd(e.getValue().picos()));
        }
        return out;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    private static BigDecimal plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
