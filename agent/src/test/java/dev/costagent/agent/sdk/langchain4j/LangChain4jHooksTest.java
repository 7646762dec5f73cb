package dev.costagent.agent.sdk.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.costagent.agent.instrument.AgentHarness;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.Totals;
import dev.costagent.fixtures.LangChain4jFixtures;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LangChain4j hooks on the interfaces' own default methods, with a program's own models: sync and async
 * {@code ChatModel} calls, and streaming calls answered on another thread, which are recorded under the stage and
 * tracked call of the thread that made them. (The real providers over HTTP are FrameworkHooksIT's.)
 */
class LangChain4jHooksTest {

    /** 1000 input, 100 output tokens of gpt-4o-mini: 1000*0.15 + 100*0.6 per million. */
    private static final long CALL = Money.picos(new BigDecimal("0.00021"));

    @TempDir
    Path out;
    private AgentHarness harness;
    private final LangChain4jFixtures program = new LangChain4jFixtures();

    @BeforeEach
    void start() throws Exception {
        harness = new AgentHarness(null, out, ChatModel.class, StreamingChatModel.class,
                Class.forName("dev.langchain4j.model.chat.ChatModelListenerUtils"), LangChain4jFixtures.class);
    }

    @AfterEach
    void stop() throws Exception {
        assertEquals(0, harness.components.faults().count(), "agent faults");
        harness.close();
    }

    private Totals cells(Predicate<CostLedger.Key> which) {
        Totals t = Totals.ZERO;
        for (Map.Entry<CostLedger.Key, Totals> e : harness.components.ledger().cells()) {
            if (which.test(e.getKey())) {
                t = t.plus(e.getValue());
            }
        }
        return t;
    }

    /** Waits (bounded) until the ledger holds {@code calls} calls: a future is recorded as it completes. */
    private void awaitCalls(long calls) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cells(k -> true).calls() < calls && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    @Test
    void syncAndAsyncChatsAreCountedThroughTheInterfaceDefaults() {
        program.chat(new LangChain4jFixtures.OwnChatModel());
        program.chatAsync(new LangChain4jFixtures.OwnChatModel()).join();
        awaitCalls(2);

        Totals chats = cells(k -> k.operation().equals("langchain4j.chat"));
        assertEquals(2, chats.calls());
        assertEquals(2 * CALL, chats.picos());
        assertEquals(1000 * 2, chats.input());
    }

    @Test
    void aStreamAnsweredOnAnotherThreadBelongsToTheCallersStageAndTrackedCall() throws Exception {
        program.streamInStage(new LangChain4jFixtures.OwnStreamingModel());
        program.streamInTrackedCall(new LangChain4jFixtures.OwnStreamingModel());

        assertEquals(1, cells(k -> k.stage().equals("streaming")).calls(), "recorded under the caller's stage");
        assertEquals(1, cells(k -> k.operation().equals("langchain4j.chat.stream")).calls());
        assertEquals(1, cells(k -> k.operation().equals("Lc4jFixtures.streamed")).calls(),
                "under the enclosing tracked call, once");
        assertEquals(0, harness.components.ledger().unmeteredCalls(), "the wrapper returning text is not unmetered");
        assertEquals(2 * CALL, harness.components.ledger().totalPicos());
    }
}
