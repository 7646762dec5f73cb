package dev.costagent.agent.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.costagent.agent.report.RunSnapshotJson;
import dev.costagent.agent.value.Money;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The spool: what a run could not push to the store before it ended, one file per run in {@code <out>/cost_spool/},
 * pushed by the next run that uses the same {@code out} folder and store, or by {@code cost-agent.jar store sync}.
 *
 * <p>Pushing a spool file twice (two runs starting at once, a file whose removal failed) adds nothing twice: its
 * batches keep their run's numbers and its entry its run's id, which the store recognises. A file is written whole
 * or not at all (a temporary file renamed over it); a file that cannot be read is set aside as {@code .corrupt},
 * never overwritten or removed.
 */
final class SpoolFiles {

    static final String FOLDER = "cost_spool";
    private static final String SUFFIX = ".json";
    private static final int VERSION = 1;

    /**
     * One run's spend and ledger entry the store has not confirmed.
     *
     * @param sender   the run's id in the store (its run id and a random part, see {@link FleetStore})
     * @param ledger   the scope (or workflow) name its keys carry
     * @param store    the store as the run named it, without its password
     * @param endpoint which store it is ({@link StoreUrl#endpoint()})
     * @param entry    the run's ledger entry, or null when the store has it
     */
    record Spooled(String sender, String runId, String ledger, String store, String endpoint, List<Batch> batches,
                   byte[] entry) {

        long picos() {
            long p = 0;
            for (Batch b : batches) {
                p += b.picos();
            }
            return p;
        }
    }

    private final Path dir;
    private final String endpoint;
    private final Duration timeout;
    private final Logger log;
    /** Files the store refused in this run: not tried again until the next run. */
    private final Set<Path> skipped = new HashSet<>();

    /**
     * @param out      the run's output folder
     * @param endpoint the store whose files this pushes ({@link StoreUrl#endpoint()}); others are left alone
     */
    SpoolFiles(Path out, String endpoint, Duration timeout, Logger log) {
        this.dir = out.resolve(FOLDER);
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.log = log;
    }

    Path dir() {
        return dir;
    }

    /** Writes the run's spool file, replacing an earlier one of the same run. */
    Path write(Spooled s) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(fileName(s.sender()));
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(render(s));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    /** A file name from the sender id: letters, digits and dashes only. */
    static String fileName(String sender) {
        StringBuilder b = new StringBuilder(sender.length() + SUFFIX.length());
        for (int i = 0; i < sender.length(); i++) {
            char c = sender.charAt(i);
            b.append(Character.isLetterOrDigit(c) && c < 128 ? c : '-');
        }
        return b.append(SUFFIX).toString();
    }

    static byte[] render(Spooled s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = RunSnapshotJson.JSON.createGenerator(out)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            g.writeStartObject();
            g.writeNumberField("spool_version", VERSION);
            g.writeStringField("sender", s.sender());
            g.writeStringField("run_id", s.runId());
            g.writeStringField("ledger", s.ledger());
            g.writeStringField("store", s.store());
            g.writeStringField("endpoint", s.endpoint());
            g.writeFieldName("unsynced_usd");
            g.writeNumber(Money.usd(s.picos()));
            g.writeArrayFieldStart("batches");
            for (Batch b : s.batches()) {
                g.writeStartObject();
                g.writeNumberField("seq", b.seq());
                g.writeNumberField("picos", b.picos());
                g.writeEndObject();
            }
            g.writeEndArray();
            // The entry as the text the store will hold, so that it goes there exactly as written.
            if (s.entry() == null) {
                g.writeNullField("entry");
            } else {
                g.writeStringField("entry", new String(s.entry(), StandardCharsets.UTF_8));
            }
            g.writeEndObject();
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** Reads a spool file; an {@link IOException} for one that is not of the form written here. */
    static Spooled read(Path file) throws IOException {
        String sender = null;
        String runId = null;
        String ledger = null;
        String store = null;
        String endpoint = null;
        List<Batch> batches = null;
        byte[] entry = null;
        Integer version = null;
        try (JsonParser p = RunSnapshotJson.JSON.createParser(Files.readAllBytes(file))) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "an object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "spool_version" -> version = p.getIntValue();
                    case "sender" -> sender = p.getValueAsString();
                    case "run_id" -> runId = p.getValueAsString();
                    case "ledger" -> ledger = p.getValueAsString();
                    case "store" -> store = p.getValueAsString();
                    case "endpoint" -> endpoint = p.getValueAsString();
                    case "batches" -> batches = batches(p, t);
                    case "entry" -> entry = t == JsonToken.VALUE_NULL ? null
                            : p.getValueAsString().getBytes(StandardCharsets.UTF_8);
                    default -> p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException("not a spool file (" + e.getMessage() + ")", e);
        }
        if (version == null || version != VERSION || sender == null || ledger == null || endpoint == null
                || batches == null) {
            throw new IOException("not a spool file of version " + VERSION + " (a field is missing)");
        }
        return new Spooled(sender, runId, ledger, store, endpoint, batches, entry);
    }

    private static List<Batch> batches(JsonParser p, JsonToken t) throws IOException {
        expect(t, JsonToken.START_ARRAY, "batches as an array");
        List<Batch> out = new ArrayList<>();
        long last = 0;
        while (p.nextToken() == JsonToken.START_OBJECT) {
            long seq = -1;
            long picos = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "seq" -> seq = p.getLongValue();
                    case "picos" -> picos = p.getLongValue();
                    default -> p.skipChildren();
                }
            }
            if (seq <= last || picos < 0) {
                throw new IOException("batches must have ascending numbers and non-negative amounts");
            }
            last = seq;
            out.add(new Batch(seq, picos));
        }
        return out;
    }

    private static void expect(JsonToken t, JsonToken wanted, String what) throws IOException {
        if (t != wanted) {
            throw new IOException("expected " + what + ", found " + t);
        }
    }

    /** The spool files in the folder, oldest name first; none when there is no folder. */
    List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : ds) {
                if (!f.getFileName().toString().startsWith(".")) {
                    out.add(f);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Pushes every spool file of this store over the link, removing each once the store has it.
     *
     * @return whether none is left to push (a failure leaves the rest for the next connection)
     */
    boolean pushAll(StoreLink link) {
        List<Path> files;
        try {
            files = files();
        } catch (IOException e) {
            log.warn("cannot list the spool folder {} ({}); its files are pushed by a later run", dir, e.toString());
            return true;
        }
        for (Path f : files) {
            if (skipped.contains(f)) {
                continue;
            }
            Spooled s = readOrSetAside(f);
            if (s == null || !s.endpoint().equals(endpoint)) {
                continue;
            }
            if (!link.exchange(timeout, new PushSpooled(s, timeout))) {
                if (link.lastFailureRefused()) {
                    // The store answered and refused this file (a key of its scope of the wrong type, say): the
                    // file, not the store, is the trouble.
                    skipped.add(f);
                    log.warn("store refused the spool file {}; it is left for `store sync` or a later run", f);
                }
                return false;
            }
            pushed(f, s);
        }
        return true;
    }

    /** Pushes one spooled run on a connection. */
    static final class PushSpooled implements StoreLink.Exchange {
        private final Spooled s;
        private final Duration timeout;

        PushSpooled(Spooled s, Duration timeout) {
            this.s = s;
            this.timeout = timeout;
        }

        @Override
        public void on(StoreConnection c) throws StoreException {
            c.push(new ScopeKeys(s.ledger()), s.sender(), s.batches(), s.entry(), timeout);
        }
    }

    /** The file read, or null when it cannot be: then it is renamed {@code .corrupt} and reported. */
    Spooled readOrSetAside(Path f) {
        try {
            return read(f);
        } catch (NoSuchFileException gone) {
            // Pushed and removed by another run meanwhile.
            return null;
        } catch (IOException e) {
            try {
                log.warn("spool file {} cannot be read ({}); kept aside as {}", f, e.getMessage(), setAside(f));
            } catch (IOException moveFailed) {
                log.warn("spool file {} cannot be read ({}) nor set aside ({})", f, e.getMessage(),
                        moveFailed.toString());
            }
            return null;
        }
    }

    /** Renames a file that cannot be read to {@code <name>.corrupt}, never over another; returns the new name. */
    static Path setAside(Path f) throws IOException {
        Path aside = f.resolveSibling(f.getFileName() + ".corrupt");
        if (Files.exists(aside)) {
            aside = f.resolveSibling(f.getFileName() + "." + System.currentTimeMillis() + ".corrupt");
        }
        Files.move(f, aside);
        return aside;
    }

    /** The store has the file's content: the file goes. */
    void pushed(Path f, Spooled s) {
        remove(f);
        log.info("pushed the spooled spend of run {} (${}) to {} ({})", s.runId(),
                Money.usd(s.picos()).toPlainString(), s.store(), s.ledger());
    }

    /** Removes a pushed file; one that cannot be removed is pushed again later, which adds nothing. */
    void remove(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            log.debug("could not remove the pushed spool file {}: {}", f, e.toString());
        }
    }
}
