package dev.costagent.agent.store;

import dev.costagent.agent.budget.BudgetGuard;
import dev.costagent.agent.report.ReportSection;
import dev.costagent.agent.value.Money;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The report's {@code scope} (SPEC section 7): {@code name} (the scope, or the workflow's name for a run without
 * one), {@code store} (its URL without password), {@code spent_usd} (the scope's total as the store last answered,
 * after this run's last push, plus what of this run it has not confirmed), {@code budget_usd}, {@code synced}
 * (the store was reached and confirmed every picodollar of this run) and {@code unsynced_usd}.
 *
 * <p>Reads only what is known: it never waits for the store.
 */
final class ScopeSection implements ReportSection {

    private final StoreLink link;
    private final Outbox outbox;
    private final StoreUrl url;
    private final BudgetGuard budget;

    ScopeSection(StoreLink link, Outbox outbox, StoreUrl url, BudgetGuard budget) {
        this.link = link;
        this.outbox = outbox;
        this.url = url;
        this.budget = budget;
    }

    @Override
    public String name() {
        return "scope";
    }

    @Override
    public Object value() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", link.keys().name());
        m.put("store", url.shown());
        m.put("spent_usd", Money.usd(outbox.estimate()));
        m.put("budget_usd", budget.budgetUsd());
        m.put("synced", outbox.synced());
        m.put("unsynced_usd", Money.usd(outbox.unsynced()));
        return m;
    }
}
