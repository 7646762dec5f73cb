package dev.costagent.agent.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One room per SDK: each SDK's package names appear in the agent's sources in its module's package only, and
 * every module is registered and declares hooks the core can act on.
 */
class SdkLayoutTest {

    /** Where the agent's own sources are; the tests run in the module's folder. */
    private static final Path SOURCES = Path.of("src/main/java/dev/costagent/agent");

    /** Each SDK's package, and the module package that alone may name it. */
    private static final Map<String, String> OWNERS = Map.of(
            "com.anthropic", "sdk/anthropic",
            "com.openai", "sdk/openai",
            "dev.langchain4j", "sdk/langchain4j",
            "org.springframework.ai", "sdk/springai",
            "com.google.genai", "sdk/genai",
            "software.amazon.awssdk", "sdk/bedrock");

    private static List<Path> sources() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void eachSdksPackageNamesAppearInItsModulesPackageOnly() {
        List<Path> sources = sources();
        assertTrue(sources.size() > 50, "the agent's sources are found: " + SOURCES.toAbsolutePath());
        for (Map.Entry<String, String> owner : OWNERS.entrySet()) {
            String dotted = owner.getKey();
            String slashed = dotted.replace('.', '/');
            Set<String> naming = new TreeSet<>();
            for (Path p : sources) {
                String text = read(p);
                if (text.contains(dotted + ".") || text.contains(slashed + "/")) {
                    naming.add(SOURCES.relativize(p.getParent()).toString().replace('\\', '/'));
                }
            }
            assertEquals(Set.of(owner.getValue()), naming, dotted + " is named outside its module's package");
        }
    }

    @Test
    void everyModulePackageIsRegisteredOnce() {
        Set<String> registered = new HashSet<>();
        for (SdkModule m : SdkModules.ALL) {
            assertTrue(registered.add(m.getClass().getPackageName()), "two modules in " + m.getClass().getPackage());
        }
        Set<String> expected = new HashSet<>();
        for (String dir : OWNERS.values()) {
            expected.add("dev.costagent.agent." + dir.replace('/', '.'));
        }
        assertEquals(expected, registered);
    }

    @Test
    void everyHookSaysWhatItDoesAndHasWhatThatNeeds() {
        List<String> operations = new ArrayList<>();
        for (Hook h : SdkModules.hooks()) {
            String where = h.className() + "#" + h.method();
            assertNotNull(h.operation(), where);
            operations.add(h.operation());
            if (h.kind() == Hook.Kind.RESPONSE) {
                assertNull(h.adapter(), where + ": a response is the core's to record");
            } else {
                assertNotNull(h.adapter(), where + ": a " + h.kind() + " hook needs its module's adapter");
            }
            if (h.subtypes()) {
                assertNotNull(h.firstParameter(), where + ": an interface hook needs the type its method takes");
            }
        }
        assertFalse(operations.isEmpty());
    }

    @Test
    void unwalkedPackagesAreInternalNamePrefixesOfTheModulesOwnSdk() {
        for (SdkModule m : SdkModules.ALL) {
            for (String prefix : m.unwalkedPackages()) {
                assertTrue(prefix.endsWith("/") && !prefix.contains("."), m.name() + ": " + prefix);
            }
        }
    }
}
