package dev.costagent.agent.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.Usage;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessorsTest {

    @Test
    void aMethodOfANonPublicClassIsCalledThroughAPublicTypeThatDeclaresIt() throws Throwable {
        List<String> list = Collections.unmodifiableList(List.of("a", "b"));
        assertFalse(Modifier.isPublic(list.getClass().getModifiers()), "the test needs a non-public runtime class");

        MethodHandle size = Accessors.getter(list.getClass(), "size");

        assertEquals(2, (Object) size.invokeExact((Object) list));
    }

    @Test
    void theValueTypeOfAWrapperIsTakenFromTheGenericSignature() throws Exception {
        assertEquals(Usage.class, Accessors.valueType(Message.class, "_usage"));
        assertEquals(String.class, Accessors.valueType(Holder.class, "name"));
    }

    @Test
    void theFirstPresentOfSeveralNamesIsUsed() throws Throwable {
        MethodHandle length = Accessors.firstGetter(String.class, "stringLength", "length", "isEmpty");

        assertEquals(3, (Object) length.invokeExact((Object) "abc"));
    }

    @Test
    void aMissingMethodIsAReflectiveFailureAtResolutionNotAtUse() {
        assertThrows(NoSuchMethodException.class, () -> Accessors.getter(String.class, "_usage"));
        assertThrows(NoSuchMethodException.class, () -> Accessors.firstGetter(String.class, "a", "b"));
        assertThrows(NoSuchMethodException.class, () -> Accessors.valueType(String.class, "length"));
        assertTrue(Accessors.hasMethod(String.class, "length"));
        assertFalse(Accessors.hasMethod(String.class, "valueOf", Object.class), "static methods are no accessors");
    }

    public static final class Holder {
        public Optional<String> name() {
            return Optional.of("x");
        }
    }
}
