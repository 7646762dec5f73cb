package dev.costagent.agent.store;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.costagent.agent.config.ConfigException;
import dev.costagent.agent.events.RunSnapshot;
import dev.costagent.agent.integration.Integration;
import dev.costagent.agent.integration.IntegrationContext;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.report.RunSnapshotJson;
import dev.costagent.agent.value.Money;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;

/**
 * The fleet store (issue 13): this run's spend goes to a shared store, where every JVM of a scope adds to one total
 * that the budget is checked against, and its summary to the scope's ledger when it ends.
 *
 * <ul>
 *   <li>Per call: nothing. The ledger keeps the run's total already; the store's thread and the stage boundaries
 *       take what is new from it ({@link Outbox}), so a call costs the program no more than without a store.</li>
 *   <li>At a stage boundary, with a scope and a budget: one round trip pushes this JVM's pending spend and reads the
 *       scope's total ({@link ScopeSpend}).</li>
 *   <li>Between boundaries: the store's thread pushes every second, reconnects after an outage, and pushes the spool
 *       files of earlier runs ({@link Pusher}).</li>
 *   <li>At the end: the last push ({@link #runEnding}), then the run's ledger entry ({@link #runEnded}), both
 *       within {@code store.timeout}; what does not reach the store goes to a spool file ({@link SpoolFiles}).</li>
 * </ul>
 *
 * <p>The report gains {@code scope}: see {@link ScopeSection}.
 */
public final class FleetStore implements Integration {

    private static final Duration CLOSE_WAIT = Duration.ofMillis(100);

    private final StoreSettings settings;
    private final IntegrationContext context;
    private final Outbox outbox;
    private final StoreLink link;
    private final SpoolFiles spools;
    private final Pusher pusher;
    private final Logger log;
    /** The run's id in the store: its run id and 64 random bits, so that two runs never share batch numbers. */
    private final String sender;
    private volatile long exitDeadline;

    private FleetStore(IntegrationContext context, StoreSettings settings, StoreClient client, Logger log) {
        this.settings = settings;
        this.context = context;
        this.log = log;
        String runId = context.snapshots().runId();
        this.sender = runId + "/" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        this.outbox = new Outbox(context.ledger());
        this.link = new StoreLink(client, outbox, sender, new Names(settings, context), settings.shared(), log);
        this.spools = new SpoolFiles(context.config().outDir(), settings.url().endpoint(), settings.timeout(), log);
        this.pusher = new Pusher(link, outbox, spools, settings.timeout(), context.faults());
    }

    /**
     * Starts the store for this run: with {@code store.required}, connects now (a failure stops the JVM before
     * {@code main}); otherwise the store's thread connects, and the run goes on whether or not it can.
     */
    static FleetStore start(IntegrationContext context, StoreSettings settings, StoreClient client)
            throws ConfigException {
        FleetStore store = new FleetStore(context, settings, client, AgentLog.get(FleetStore.class));
        if (settings.required()) {
            try {
                store.link.openRequired();
            } catch (StoreException e) {
                throw new ConfigException("cost-agent: the store is required (store.required=true) but cannot be"
                        + " used: " + e.getMessage());
            }
            // The scope's total before main starts, so that the first stage is checked against it.
            store.link.push(settings.timeout(), null);
        }
        if (settings.shared()) {
            context.budget().useSpendSource(new ScopeSpend(store.link, store.outbox, settings.timeout(),
                    context.faults()));
        }
        context.snapshots().addSection(new ScopeSection(store.link, store.outbox, settings.url(), context.budget()));
        store.pusher.start();
        return store;
    }

    /** The name the run's keys carry: the scope, or the workflow's name (known once main runs). */
    private static final class Names implements StoreLink.ScopeNames {
        private final StoreSettings settings;
        private final IntegrationContext context;
        private volatile ScopeKeys keys;

        Names(StoreSettings settings, IntegrationContext context) {
            this.settings = settings;
            this.context = context;
        }

        @Override
        public ScopeKeys keys() {
            ScopeKeys k = keys;
            if (k == null) {
                k = new ScopeKeys(settings.shared() ? settings.scope() : context.snapshots().workflow());
                keys = k;
            }
            return k;
        }
    }

    @Override
    public String name() {
        return "fleet store " + settings.url().shown() + (settings.shared()
                ? " (scope " + settings.scope() + ", its budget shared by every JVM of the scope)"
                : " (ledger of the workflow; this run's own budget)");
    }

    /** The last push of this run's spend, waiting for the store at most {@code store.timeout}. */
    @Override
    public void runEnding() {
        Duration timeout = settings.timeout();
        exitDeadline = System.nanoTime() + timeout.toNanos();
        // No more rounds of the store's thread; one in flight ends within the timeout, and the exit's own round trip
        // waits for it (a batch both send is counted once).
        pusher.stop(Duration.ZERO);
        if (link.open(remaining())) {
            link.push(remaining(), null);
        }
    }

    /**
     * The run's ledger entry, with any spend since {@link #runEnding}, in what is left of {@code store.timeout};
     * what the store does not confirm goes to this run's spool file.
     */
    @Override
    public void runEnded(RunSnapshot run) {
        byte[] entry;
        try {
            entry = entry(run);
        } catch (IOException | RuntimeException e) {
            context.faults().report("writing the run's ledger entry for the store", e);
            entry = null;
        }
        Duration left = remaining();
        if (link.isOpen() && !left.isZero() && link.push(left, entry)) {
            return;
        }
        spool(entry);
    }

    private void spool(byte[] entry) {
        List<Batch> batches = outbox.drain();
        if (batches.isEmpty() && entry == null) {
            return;
        }
        SpoolFiles.Spooled s = new SpoolFiles.Spooled(sender, context.snapshots().runId(), link.keys().name(),
                settings.url().shown(), settings.url().endpoint(), batches, entry);
        try {
            Path file = spools.write(s);
            log.warn("store {} did not confirm this run's spend (${}){}; kept in {} for the next run with the same"
                            + " out folder, or for `java -jar cost-agent.jar store sync {}`", settings.url().shown(),
                    Money.usd(s.picos()).toPlainString(), entry == null ? "" : " and ledger entry", file,
                    context.config().outDir());
        } catch (IOException | RuntimeException e) {
            log.warn("store {} did not confirm this run's spend (${}), and the spool file could not be written in"
                    + " {} ({}): the report holds the figures", settings.url().shown(),
                    Money.usd(s.picos()).toPlainString(), spools.dir(), e.toString());
        }
    }

    private static byte[] entry(RunSnapshot run) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try (JsonGenerator g = RunSnapshotJson.JSON.createGenerator(out)) {
            RunSnapshotJson.write(g, run, true);
        }
        return out.toByteArray();
    }

    private Duration remaining() {
        long left = exitDeadline - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    /**
     * Stops the store's thread and closes the connection, waiting briefly: what the store has not confirmed is in the
     * spool file already, and a round trip cut short here adds nothing twice.
     */
    @Override
    public void close() {
        pusher.stop(CLOSE_WAIT);
        link.close(CLOSE_WAIT);
    }
}
