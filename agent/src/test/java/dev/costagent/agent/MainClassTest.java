package dev.costagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The launcher's command, read without a regular expression, as {@code trim().split("\\s+")[0]} read it. */
class MainClassTest {

    @Test
    void theFirstWordIsWhatSplittingOnWhiteSpaceGave() {
        for (String command : new String[] {"com.acme.Main", "  app.jar a b", "app.jar\t--x", "\n\tm/com.acme.Main x",
            "x\u000By", "a\fb", "a\rb", "single"}) {
            assertEquals(command.trim().split("\\s+")[0], MainClass.firstWord(command), command);
        }
        assertEquals("", MainClass.firstWord(""));
        assertEquals("", MainClass.firstWord("   "));
        assertEquals("", MainClass.firstWord(null));
    }
}
