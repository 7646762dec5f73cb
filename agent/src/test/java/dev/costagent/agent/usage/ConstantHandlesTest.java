package dev.costagent.agent.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.messages.Message;
import dev.costagent.agent.value.TokenCounts;
import java.lang.invoke.MethodHandle;
import java.lang.ref.WeakReference;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstantHandlesTest {

    private static final TokenCounts FIXTURE = new TokenCounts(12, 2048, 100, 200, 6);

    @Test
    void eachResponseClassGetsItsOwnHiddenCopyReadingThroughItsOwnHandles() throws Throwable {
        ShapeReader forMessage = ConstantHandles.copy(AnthropicMessageReader.class,
                AnthropicMessageReader.plan(Message.class));
        ShapeReader forBeta = ConstantHandles.copy(AnthropicMessageReader.class,
                AnthropicMessageReader.plan(BetaMessage.class));

        assertTrue(forMessage.getClass().isHidden());
        assertNotSame(forMessage.getClass(), forBeta.getClass());
        assertNotSame(AnthropicMessageReader.class, forMessage.getClass());
        String json = Fixtures.text("anthropic-message.json");
        assertEquals(FIXTURE, forMessage.read(Fixtures.anthropic(json, Message.class)).tokens());
        assertEquals(FIXTURE, forBeta.read(Fixtures.anthropic(json, BetaMessage.class)).tokens());
        // A copy's handles are its own: the Message copy cannot read a BetaMessage.
        assertThrows(ClassCastException.class, () -> forMessage.read(Fixtures.anthropic(json, BetaMessage.class)));
    }

    @Test
    void theTemplateClassItselfHoldsNoHandles() {
        assertNull(ConstantHandles.at(null, 0));
        assertThrows(NullPointerException.class, () -> new AnthropicMessageReader().read(new Object()));
    }

    @Test
    void aPlanOfTheWrongLengthFailsToCopyInsteadOfReadingWrongFields() throws Exception {
        List<MethodHandle> plan = AnthropicMessageReader.plan(Message.class);
        assertThrows(ExceptionInInitializerError.class,
                () -> ConstantHandles.copy(AnthropicMessageReader.class, plan.subList(0, 3)));
    }

    @Test
    void aCopyIsUnloadedOnceItsReaderIsUnreachable() throws Exception {
        WeakReference<Class<?>> copy = new WeakReference<>(ConstantHandles.copy(OpenAiEmbeddingReader.class,
                OpenAiEmbeddingReader.plan(com.openai.models.embeddings.CreateEmbeddingResponse.class)).getClass());

        for (int i = 0; i < 100 && copy.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(copy.get(), "a hidden reader copy outlived its only instance");
    }
}
