package dev.costagent.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.models.messages.Message;
import dev.costagent.PipelineStage;
import dev.costagent.TrackedCall;
import dev.costagent.agent.usage.ReaderPrefetch;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.implementation.FixedValue;
import org.junit.jupiter.api.Test;

class ConstantPoolScanTest {

    private static final byte[][] EXACT = bytes(ClassScan.TRACKED_CALL_DESC, ClassScan.PIPELINE_STAGE_DESC,
            "Ljava/lang/Deprecated;", "Lkotlin/Metadata;");
    private static final byte[][] PREFIXES = bytes("(Lorg/springframework/ai/chat/prompt/Prompt;",
            "(Ljava/lang/String;", "(J)");

    /**
     * The walk against a search of the bytes, on every class of java.base (Long and Double constants, every tag a
     * JDK uses) and of two SDK jars: the same answer for each string, and every pool walked.
     */
    @Test
    void agreesWithASearchOfTheBytesOnEveryClassOfTheJdkBaseAndTwoSdks() throws Exception {
        List<byte[]> classes = new ArrayList<>();
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        try (Stream<Path> files = Files.walk(jrt.getPath("/modules/java.base"))) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                classes.add(Files.readAllBytes(p));
            }
        }
        classes.addAll(jarClasses(Message.class));
        classes.addAll(jarClasses(com.openai.models.chat.completions.ChatCompletion.class));
        assertTrue(classes.size() > 8000, "classes read: " + classes.size());

        int[] hits = new int[EXACT.length + PREFIXES.length];
        for (byte[] c : classes) {
            int found = ConstantPoolScan.find(c, EXACT, PREFIXES);
            assertNotEquals(ConstantPoolScan.UNREADABLE, found);
            for (int k = 0; k < EXACT.length + PREFIXES.length; k++) {
                byte[] text = k < EXACT.length ? EXACT[k] : PREFIXES[k - EXACT.length];
                boolean inPool = (found & (1 << k)) != 0;
                assertEquals(CostTransformer.contains(c, text), inPool, new String(text, StandardCharsets.US_ASCII));
                hits[k] += inPool ? 1 : 0;
            }
        }
        // The strings that occur in these classes were found in some (so the comparison above compared something).
        assertTrue(hits[2] > 10 && hits[3] > 10 && hits[5] > 100 && hits[6] > 10, java.util.Arrays.toString(hits));
    }

    @Test
    void findsOurAnnotationsInAnAnnotatedClass() {
        byte[] c = new ByteBuddy().subclass(Object.class).name("com.acme.Client")
                .defineMethod("call", Object.class, Visibility.PUBLIC).intercept(FixedValue.value(42L))
                .annotateMethod(AnnotationDescription.Builder.ofType(TrackedCall.class).build())
                .defineMethod("stage", double.class, Visibility.PUBLIC).intercept(FixedValue.value(2.5d))
                .annotateMethod(AnnotationDescription.Builder.ofType(PipelineStage.class).build())
                .make().getBytes();
        assertEquals(0b11, ConstantPoolScan.find(c, EXACT, PREFIXES) & 0b11);
        assertEquals(0b01, ConstantPoolScan.find(c, EXACT, new byte[0][]) & 0b01);
    }

    /** Truncated or garbled files never make the walk throw or read past the end: it says so, or answers. */
    @Test
    void aDamagedClassFileIsUnreadableOrAnsweredNeverAFault() throws IOException {
        byte[] real;
        try (InputStream in = ClassLoader.getSystemResourceAsStream("java/lang/Math.class")) {
            real = in.readAllBytes();
        }
        int poolEnd = 0;
        for (int length = 0; length < real.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(real, length);
            int found = ConstantPoolScan.find(cut, EXACT, PREFIXES);
            if (found != ConstantPoolScan.UNREADABLE && poolEnd == 0) {
                poolEnd = length;
            }
        }
        assertTrue(poolEnd > 10, "a file cut inside its constant pool is unreadable");
        Random random = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            byte[] garbled = real.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                garbled[10 + random.nextInt(Math.min(garbled.length - 10, 2000))] = (byte) random.nextInt(256);
            }
            ConstantPoolScan.find(garbled, EXACT, PREFIXES); // must not throw
        }
        assertEquals(ConstantPoolScan.UNREADABLE, ConstantPoolScan.find(new byte[0], EXACT, PREFIXES));
        assertEquals(ConstantPoolScan.UNREADABLE,
                ConstantPoolScan.find("not a class file at all".getBytes(StandardCharsets.US_ASCII), EXACT, PREFIXES));
    }

    @Test
    void theTransformerFallsBackToTheBytesWhenThePoolCannotBeWalked() {
        CostTransformer t = new CostTransformer(new SiteRegistry(), List.of(), List.of(), SdkHooks.of(true),
                (where, e) -> { }, new ReaderPrefetch(null, null));
        byte[] text = ("\u00ca\u00fe\u00ba\u00be\0\0\0\u003d\0\u0005\u00ffLdev/costagent/TrackedCall;")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(ConstantPoolScan.UNREADABLE, ConstantPoolScan.find(text, EXACT, PREFIXES));
        assertTrue(t.mentionsTrackedText(text));
    }

    private static List<byte[]> jarClasses(Class<?> inJar) throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (ZipFile jar = new ZipFile(Path.of(inJar.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toFile())) {
            Enumeration<? extends ZipEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(e)) {
                        out.add(in.readAllBytes());
                    }
                }
            }
        }
        return out;
    }

    private static byte[][] bytes(String... texts) {
        byte[][] out = new byte[texts.length][];
        for (int i = 0; i < texts.length; i++) {
            out[i] = texts[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }
}
