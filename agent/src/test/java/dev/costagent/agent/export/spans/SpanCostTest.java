package dev.costagent.agent.export.spans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.agent.api.CallObservers;
import dev.costagent.agent.events.RecordedCall;
import dev.costagent.agent.export.ExportHarness;
import dev.costagent.agent.integration.Integration;
import dev.costagent.agent.value.TokenCounts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpanCostTest {

    @TempDir
    Path dir;

    @Test
    void onOnlyWhenTheOpenTelemetryAgentLoadsExtensionsAndThenEveryCallReachesTheObservers() throws Exception {
        String before = System.getProperty(SpanCostFactory.EXTENSIONS_PROPERTY);
        try {
            System.clearProperty(SpanCostFactory.EXTENSIONS_PROPERTY);
            if (System.getenv(SpanCostFactory.EXTENSIONS_ENV) == null) {
                assertNull(new SpanCostFactory().create(ExportHarness.context(dir, Map.of())));
            }
            System.setProperty(SpanCostFactory.EXTENSIONS_PROPERTY, "/opt/cost-agent-otel-extension.jar");
            Integration on = new SpanCostFactory().create(ExportHarness.context(dir, Map.of()));
            assertTrue(on.wantsCalls());

            List<String> heard = new CopyOnWriteArrayList<>();
            CallObservers.register((stage, model, provider, operation, picos, priced) ->
                    heard.add(stage + " " + model + " " + provider + " " + operation + " " + picos + " " + priced));
            on.callRecorded(new RecordedCall("draft", "gpt-4o", "gpt-4o-2024-08-06", "openai",
                    "openai.chat.completions.create", new TokenCounts(1, 0, 0, 0, 1), 4_457_500_000L, true));
            assertEquals(List.of("draft gpt-4o openai openai.chat.completions.create 4457500000 true"), heard);
        } finally {
            if (before == null) {
                System.clearProperty(SpanCostFactory.EXTENSIONS_PROPERTY);
            } else {
                System.setProperty(SpanCostFactory.EXTENSIONS_PROPERTY, before);
            }
        }
    }
}
