package dev.costagent.agent.ledger;

import dev.costagent.fixtures.TestRuns;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.pricing.CatalogLoader;
import dev.costagent.agent.pricing.ModelResolver;
import dev.costagent.agent.stage.StageFrame;
import dev.costagent.agent.stage.StageTracker;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recorder keeps the cells it records into; every call must still land in the cell of its own key. */
class CostRecorderCellsTest {

    private static final String[] MODELS = {"claude-sonnet-4-5-20250929", "gpt-4o-mini-2024-07-18", "gpt-4o",
            "not-a-model-anywhere"};

    @Test
    void manyStagesOperationsAndModelsEachLandInTheirOwnCell() throws Exception {
        CostLedger ledger = new CostLedger();
        StageTracker stages = new StageTracker();
        CostRecorder recorder = new CostRecorder(new ModelResolver(CatalogLoader.loadBundled()), ledger,
                TestRuns.warnings(), TestRuns.events(), new BigDecimal("1000"), new BigDecimal("1000000"));
        Map<String, Long> expected = new HashMap<>();
        // Far more combinations than the recorder keeps, interleaved so that they evict each other; names built
        // anew on every call, so that hits cannot rely on identity of the strings.
        for (int round = 0; round < 5; round++) {
            for (int s = 0; s < 7; s++) {
                StageFrame frame = s == 0 ? null : stages.enter("stage" + s);
                for (int op = 0; op < 13; op++) {
                    for (int m = 0; m < MODELS.length; m++) {
                        long input = 1 + s * 1000 + op * 10 + m;
                        recorder.record(new ResponseUsage(MODELS[m], "p", new TokenCounts(input, 0, 0, 0, 1)),
                                null, new String("op" + op), frame);
                        String stage = s == 0 ? StageFrame.UNSTAGED : "stage" + s;
                        expected.merge(stage + "|" + m + "|op" + op, input, Long::sum);
                    }
                }
                if (frame != null) {
                    stages.exit(frame);
                }
            }
        }
        assertEquals(7 * 13 * MODELS.length, ledger.cells().size());
        for (var cell : ledger.cells()) {
            CostLedger.Key key = cell.getKey();
            int m = modelIndex(key);
            Long input = expected.get(key.stage() + "|" + m + "|" + key.operation());
            assertEquals(input, cell.getValue().input(), key::toString);
            assertEquals(5, cell.getValue().calls(), key::toString);
            assertEquals(m != 3, key.priced(), key::toString);
        }
    }

    private static int modelIndex(CostLedger.Key key) {
        if (!key.priced()) {
            return 3;
        }
        return key.model().startsWith("claude") ? 0 : key.model().equals("gpt-4o") ? 2 : 1;
    }
}
