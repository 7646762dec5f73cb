package dev.costagent.agent.jmx;

import dev.costagent.agent.export.Dollars;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.value.Totals;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.OpenMBeanConstructorInfoSupport;
import javax.management.openmbean.OpenMBeanInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfoSupport;
import javax.management.openmbean.OpenMBeanParameterInfoSupport;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

/**
 * What {@link CostAgentMBean} declares (its open MBean info), and its two tables: spend per stage and per model, one
 * row per name ({@code name}, {@code spentUsd}, {@code calls}).
 */
final class CostAgentMBeanInfo {

    static final int BY_STAGE = 0;
    static final int BY_MODEL = 1;

    private static final String[] ROW_ITEMS = {"name", "spentUsd", "calls"};
    private static final CompositeType STAGE_ROW;
    private static final CompositeType MODEL_ROW;
    private static final TabularType STAGE_TABLE;
    private static final TabularType MODEL_TABLE;

    static {
        try {
            OpenType<?>[] types = {SimpleType.STRING, SimpleType.DOUBLE, SimpleType.LONG};
            STAGE_ROW = new CompositeType("StageSpend", "A stage's spend", ROW_ITEMS,
                    new String[] {"the stage", "spend in US dollars", "calls"}, types);
            MODEL_ROW = new CompositeType("ModelSpend", "A model's spend", ROW_ITEMS,
                    new String[] {"the model", "spend in US dollars", "calls"}, types);
            STAGE_TABLE = new TabularType("StageSpendTable", "Spend per stage", STAGE_ROW, new String[] {"name"});
            MODEL_TABLE = new TabularType("ModelSpendTable", "Spend per model", MODEL_ROW, new String[] {"name"});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The info without notifications; {@link #withNotifications} adds the broadcaster's. */
    static final CostAgentMBeanInfo INFO = new CostAgentMBeanInfo();

    private final OpenMBeanAttributeInfoSupport[] attributes = {
        attribute("SpentUsd", "Spend so far in US dollars (this run)", SimpleType.DOUBLE),
        attribute("BudgetUsd", "The budget in force in US dollars; NaN without one", SimpleType.DOUBLE),
        attribute("RemainingUsd", "The budget less what counts against it (negative once over it); NaN without a "
                + "budget", SimpleType.DOUBLE),
        attribute("Calls", "LLM calls recorded", SimpleType.LONG),
        attribute("UnmeteredCalls", "Calls whose response had no readable token usage", SimpleType.LONG),
        attribute("CurrentStage", "The most recently entered stage still running on any thread; unstaged when none "
                + "runs", SimpleType.STRING),
        attribute("Status", "running, or how the run ended: completed, budget_exceeded, failed", SimpleType.STRING),
        attribute("RunId", "The run's id, as in cost_report.json", SimpleType.STRING),
        attribute("StageSpend", "Spend and calls per stage", STAGE_TABLE),
        attribute("ModelSpend", "Spend and calls per model", MODEL_TABLE),
    };

    private final OpenMBeanOperationInfoSupport[] operations = {
        new OpenMBeanOperationInfoSupport("setBudget", "Raises, lowers or (with none) removes the budget; it applies "
                + "from the next stage boundary. Validated as -Dbudget is.",
                new OpenMBeanParameterInfoSupport[] {new OpenMBeanParameterInfoSupport("usd",
                        "US dollars (5, 0.50, $2) or none", SimpleType.STRING)},
                SimpleType.STRING, MBeanOperationInfo.ACTION),
    };

    private CostAgentMBeanInfo() {
    }

    private static OpenMBeanAttributeInfoSupport attribute(String name, String description, OpenType<?> type) {
        return new OpenMBeanAttributeInfoSupport(name, description, type, true, false, false);
    }

    OpenMBeanInfoSupport withNotifications(MBeanNotificationInfo[] notifications) {
        return new OpenMBeanInfoSupport(CostAgentMBean.class.getName(), "cost-agent: the LLM spend of this JVM's run "
                + "and its budget", attributes, new OpenMBeanConstructorInfoSupport[0], operations, notifications);
    }

    /** The spend table by stage or model, summed from the ledger's cells. */
    static TabularDataSupport spend(List<Map.Entry<CostLedger.Key, Totals>> cells, int by) throws OpenDataException {
        Map<String, Totals> sums = new LinkedHashMap<>();
        for (Map.Entry<CostLedger.Key, Totals> e : cells) {
            String key = by == BY_STAGE ? e.getKey().stage() : e.getKey().model();
            sums.merge(key, e.getValue(), Totals::plus);
        }
        CompositeType row = by == BY_STAGE ? STAGE_ROW : MODEL_ROW;
        TabularDataSupport table = new TabularDataSupport(by == BY_STAGE ? STAGE_TABLE : MODEL_TABLE);
        for (Map.Entry<String, Totals> e : sums.entrySet()) {
            table.put(new CompositeDataSupport(row, ROW_ITEMS,
                    new Object[] {e.getKey(), Dollars.of(e.getValue().picos()), e.getValue().calls()}));
        }
        return table;
    }
}
