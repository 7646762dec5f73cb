package dev.costagent.agent.sdk.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.messages.Message;
import dev.costagent.agent.usage.ConstantHandles;
import dev.costagent.agent.usage.ShapeReader;
import dev.costagent.agent.value.TokenCounts;
import dev.costagent.fixtures.ResponseBodies;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.ref.WeakReference;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hidden copies of a reader template ({@link ConstantHandles}), with the Anthropic message reader. */
class ConstantHandlesTest {

    private static final TokenCounts FIXTURE = new TokenCounts(12, 2048, 100, 200, 6);

    @Test
    void eachResponseClassGetsItsOwnHiddenCopyReadingThroughItsOwnHandles() throws Throwable {
        ShapeReader forMessage = AnthropicMessageReader.forClass(Message.class);
        ShapeReader forBeta = AnthropicMessageReader.forClass(BetaMessage.class);

        assertTrue(forMessage.getClass().isHidden());
        assertNotSame(forMessage.getClass(), forBeta.getClass());
        assertNotSame(AnthropicMessageReader.class, forMessage.getClass());
        assertEquals(AnthropicMessageReader.class.getPackage(), forMessage.getClass().getPackage(),
                "defined beside its template");
        String json = ResponseBodies.text("anthropic-message.json");
        assertEquals(FIXTURE, forMessage.read(ResponseBodies.anthropic(json, Message.class)).tokens());
        assertEquals(FIXTURE, forBeta.read(ResponseBodies.anthropic(json, BetaMessage.class)).tokens());
        // A copy's handles are its own: the Message copy cannot read a BetaMessage.
        BetaMessage beta = ResponseBodies.anthropic(json, BetaMessage.class);
        assertThrows(ClassCastException.class, () -> forMessage.read(beta));
    }

    @Test
    void theTemplateClassItselfHoldsNoHandles() {
        assertNull(ConstantHandles.at(null, 0));
        assertThrows(NullPointerException.class, () -> new AnthropicMessageReader().read(new Object()));
    }

    @Test
    void aPlanOfTheWrongLengthFailsToCopyInsteadOfReadingWrongFields() throws Exception {
        List<MethodHandle> plan = AnthropicMessageReader.plan(Message.class);
        assertThrows(ExceptionInInitializerError.class, () -> ConstantHandles.copy(MethodHandles.lookup(),
                AnthropicMessageReader.class, plan.subList(0, 3)));
    }

    @Test
    void aCopyIsUnloadedOnceItsReaderIsUnreachable() throws Exception {
        WeakReference<Class<?>> copy = new WeakReference<>(AnthropicMessageReader.forClass(Message.class).getClass());

        for (int i = 0; i < 100 && copy.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(copy.get(), "a hidden reader copy outlived its only instance");
    }
}
