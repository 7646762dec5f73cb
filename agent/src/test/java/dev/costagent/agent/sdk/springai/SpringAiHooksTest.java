package dev.costagent.agent.sdk.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.agent.instrument.AgentHarness;
import dev.costagent.agent.instrument.SdkHooks;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.Totals;
import dev.costagent.fixtures.SpringAiFixtures.OwnChatModel;
import dev.costagent.fixtures.SpringAiFixtures;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;

/**
 * Spring AI models the agent knows only by the interface they implement: a program's own {@code ChatModel},
 * found through its class file's super types, counted at the Spring AI layer because no SDK hook sits beneath it.
 * (Spring AI over the official SDKs, counted by the SDK hooks instead, is FrameworkHooksIT's.)
 */
class SpringAiHooksTest {

    /** 1000 prompt, 100 completion tokens of gpt-4o-mini: 1000*0.15 + 100*0.6 per million. */
    private static final long CALL = Money.picos(new BigDecimal("0.00021"));

    @TempDir
    Path out;
    private AgentHarness harness;

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            assertEquals(0, harness.components.faults().count(), "agent faults");
            harness.close();
        }
    }

    private Totals operation(String name) {
        Totals t = Totals.ZERO;
        for (Map.Entry<CostLedger.Key, Totals> e : harness.components.ledger().cells()) {
            if (e.getKey().operation().equals(name)) {
                t = t.plus(e.getValue());
            }
        }
        return t;
    }

    @Test
    void aProgramsOwnChatModelIsHookedThroughItsInterface() throws Exception {
        harness = new AgentHarness(null, out, OwnChatModel.class);
        OwnChatModel model = new OwnChatModel();

        model.call(new Prompt("question"));

        Totals call = operation("spring-ai.chat.call");
        assertEquals(1, call.calls());
        assertEquals(1000, call.input());
        assertEquals(100, call.output());
        assertEquals(CALL, call.picos());
    }

    @Test
    void anAttachRetransformsLoadedImplementationsOfHookedInterfaces() {
        SdkHooks hooks = SdkHooks.of(true);
        assertTrue(hooks.mayApplyToLoaded(OwnChatModel.class));
        assertFalse(hooks.mayApplyToLoaded(SpringAiFixtures.class));
        assertFalse(SdkHooks.of(false).mayApplyToLoaded(OwnChatModel.class));
    }

    @Test
    void aFluxIsCountedOncePerSubscriptionFromItsLastUsage() throws Exception {
        harness = new AgentHarness(null, out, OwnChatModel.class);
        OwnChatModel model = new OwnChatModel();

        Flux<ChatResponse> stream = model.stream(new Prompt("question"));
        assertEquals(0, operation("spring-ai.chat.stream").calls(), "nothing happens before a subscription");
        assertEquals(3, stream.collectList().block().size(), "the program sees every element");
        stream.blockLast();

        assertEquals(2, model.subscriptions.get());
        Totals streamed = operation("spring-ai.chat.stream");
        assertEquals(2, streamed.calls(), "a cold Flux makes a call per subscription");
        assertEquals(2 * CALL, streamed.picos());
        assertEquals(0, harness.components.ledger().unmeteredCalls(), "elements without usage are not calls");
    }

    @Test
    void trackedWrappersAroundSpringAiAddNothing() throws Exception {
        harness = new AgentHarness(null, out, OwnChatModel.class, SpringAiFixtures.class);
        OwnChatModel model = new OwnChatModel();
        SpringAiFixtures program = new SpringAiFixtures();

        ChatResponse response = program.ask(model);
        assertSame(response, program.again(response));
        program.streamed(model);

        assertEquals(1, operation("SpringAiFixtures.ask").calls(), "the wrapper names the call it made");
        assertEquals(0, operation("SpringAiFixtures.again").calls(), "an already counted response adds nothing");
        assertEquals(1, operation("SpringAiFixtures.streamed").calls(), "the stream, under the wrapper's name");
        assertEquals(0, operation("spring-ai.chat.call").calls());
        assertEquals(0, harness.components.ledger().unmeteredCalls(), "a wrapper around a stream is not unmetered");
        assertEquals(2 * CALL, harness.components.ledger().totalPicos());
    }
}
