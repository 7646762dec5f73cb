package dev.costagent.agent.sdk.stainless;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StainlessReaderTest {

    @Test
    void knownValuesOfBothSdksAreReadWithoutAsKnown() {
        assertSame(com.anthropic.core.KnownValue.class,
                StainlessReader.knownValueClass(com.anthropic.core.JsonField.class));
        assertSame(com.openai.core.KnownValue.class,
                StainlessReader.knownValueClass(com.openai.core.JsonField.class));
    }

    @Test
    void aFieldClassWithoutAKnownValueSubclassIsReadThroughAsKnownOnly() {
        assertNull(StainlessReader.knownValueClass(Optional.class));
        // A KnownValue that does not extend the field class is not the one asKnown unwraps.
        assertNull(StainlessReader.knownValueClass(com.anthropic.core.JsonValue.class));
    }
}
