package dev.costagent.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.BudgetExceededException;
import dev.costagent.agent.instrument.shapes.WeavingShapes;
import dev.costagent.agent.stage.StageEntry;
import dev.costagent.agent.stage.StageFrame;
import dev.costagent.agent.stage.StageTracker;
import dev.costagent.agent.usage.ReaderPrefetch;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plain-ASM weaving on its own: {@link WeavingShapes} is rewritten, defined in a fresh loader (so the JVM's
 * verifier checks every woven method, frames included), and each method is called with a handler that records
 * what the woven code reports. The program's results and exceptions must be unchanged, each call reported once.
 */
class AdviceWeaverTest {

    private final Recorder recorder = new Recorder();
    private final SiteRegistry sites = new SiteRegistry();

    @BeforeEach
    void install() {
        Dispatch.install(recorder);
    }

    @AfterEach
    void uninstall() {
        Dispatch.install(null);
    }

    /** Records every report; refuses stage entry or turns a stage's normal return into a budget stop on demand. */
    private final class Recorder implements AdviceHandler {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final List<Throwable> faults = new ArrayList<>();
        boolean refuseEntry;
        final StageTracker stages = new StageTracker();
        boolean stopOnExit;

        private String name(int site) {
            return sites.get(site).kind() + ":" + sites.get(site).name();
        }

        @Override
        public StageEntry stageEnter(int site) {
            events.add("enter " + name(site));
            if (refuseEntry) {
                BudgetExceededException refused = new BudgetExceededException(BigDecimal.ONE, BigDecimal.ONE, "refused");
                return () -> refused;
            }
            return stages.enter(name(site));
        }

        @Override
        public Throwable stageExit(int site, StageFrame frame, Throwable thrown) {
            stages.exit(frame);
            events.add("exit " + name(site) + " " + (thrown == null ? "normally" : thrown.getClass().getSimpleName()));
            if (stopOnExit && thrown == null) {
                return new BudgetExceededException(BigDecimal.ONE, BigDecimal.ONE, "stopped");
            }
            return thrown;
        }

        @Override
        public Object callEnter(int site) {
            events.add("enter " + name(site));
            return "t";
        }

        @Override
        public void callExit(int site, Object token, Object returned, Throwable thrown) {
            String what = thrown != null ? "threw " + thrown.getClass().getSimpleName()
                    : returned == null ? "null" : returned.getClass().getSimpleName() + " " + text(returned);
            events.add("exit " + name(site) + " " + what);
        }

        private String text(Object o) {
            return o instanceof Object[] a ? java.util.Arrays.toString(a) : String.valueOf(o);
        }

        @Override
        public Object sdkEnter(int site, Object self, Object[] arguments) {
            return "t";
        }

        @Override
        public Object[] sdkEntry(int site, Object self, Object[] arguments) {
            return arguments;
        }

        @Override
        public Object sdkExit(int site, Object token, Object returned, Throwable thrown) {
            return returned;
        }

        @Override
        public void fault(String where, Throwable t) {
            faults.add(t);
        }
    }

    private static byte[] bytesOf(Class<?> c) throws IOException {
        try (InputStream in = c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** A loader that defines the given classes itself (woven) and delegates everything else. */
    private static final class Woven extends ClassLoader {
        private final String name;
        private final byte[] bytes;

        Woven(String name, byte[] bytes) {
            super(AdviceWeaverTest.class.getClassLoader());
            this.name = name;
            this.bytes = bytes;
        }

        @Override
        protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
            if (n.equals(name)) {
                synchronized (getClassLoadingLock(n)) {
                    Class<?> c = findLoadedClass(n);
                    return c != null ? c : defineClass(n, bytes, 0, bytes.length);
                }
            }
            return super.loadClass(n, resolve);
        }
    }

    private Object wovenShapes() throws Exception {
        String name = WeavingShapes.class.getName();
        byte[] woven = new Instrumenter(sites, List.of(), List.of(), SdkHooks.of(false), new ReaderPrefetch(null, null))
                .instrument(WeavingShapes.class.getClassLoader(), name, bytesOf(WeavingShapes.class));
        assertNotNull(woven);
        Class<?> c = new Woven(name, woven).loadClass(name);
        return c.getConstructor().newInstance();
    }

    private static Object call(Object target, String method, Object... args) throws Throwable {
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                try {
                    return m.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new AssertionError("no method " + method);
    }

    @Test
    void everyShapeKeepsItsResultAndIsReportedOnceWithItsBoxedValue() throws Throwable {
        Object s = wovenShapes();
        assertEquals(1 + 2 + 3 + 4, call(s, "intReturn", 1, 2L, 3.5, 4));
        assertEquals(42L, call(s, "longReturn", 6L, 7L));
        assertEquals(1.25, call(s, "doubleReturn", 2.5));
        assertEquals(true, call(s, "booleanReturn", ""));
        assertEquals('z', call(s, "charReturn"));
        List<String> sink = new ArrayList<>();
        assertNull(call(s, "voidReturn", sink));
        assertEquals(List.of("ran"), sink);
        assertArrayEquals(new String[] {"a", "b"}, (String[]) call(s, "arrayReturn", "a", "b"));
        assertEquals(9, call(s, "loopFirst", 30));
        assertEquals(12, call(s, "ownHandlers", "12"));
        assertEquals(-1, call(s, "ownHandlers", "x"));
        assertEquals(5 + 9, call(s, "synchronizedMethod", 5));
        assertEquals("big-y", call(s, "switches", 1000, "y"));
        assertEquals("other", call(s, "switches", 3, "q"));
        assertEquals(21, call(s, "lambdas", 10));
        assertEquals("fine", call(s, "checked", false));
        assertEquals(-1L, call(s, "earlyReturns", -5L));
        assertEquals(4L, call(s, "earlyReturns", 10L));
        assertEquals(0L, call(s, "earlyReturns", 0L));
        assertEquals(List.of(
                "enter CALL:WeavingShapes.intReturn", "exit CALL:WeavingShapes.intReturn Integer 10",
                "enter CALL:WeavingShapes.longReturn", "exit CALL:WeavingShapes.longReturn Long 42",
                "enter CALL:WeavingShapes.doubleReturn", "exit CALL:WeavingShapes.doubleReturn Double 1.25",
                "enter CALL:WeavingShapes.booleanReturn", "exit CALL:WeavingShapes.booleanReturn Boolean true",
                "enter CALL:WeavingShapes.charReturn", "exit CALL:WeavingShapes.charReturn Character z",
                "enter CALL:WeavingShapes.voidReturn", "exit CALL:WeavingShapes.voidReturn null",
                "enter CALL:WeavingShapes.arrayReturn", "exit CALL:WeavingShapes.arrayReturn String[] [a, b]",
                "enter CALL:WeavingShapes.loopFirst", "exit CALL:WeavingShapes.loopFirst Integer 9",
                "enter CALL:WeavingShapes.ownHandlers", "exit CALL:WeavingShapes.ownHandlers Integer 12",
                "enter CALL:WeavingShapes.ownHandlers", "exit CALL:WeavingShapes.ownHandlers Integer -1",
                "enter CALL:WeavingShapes.synchronizedMethod", "exit CALL:WeavingShapes.synchronizedMethod Integer 14",
                "enter CALL:WeavingShapes.switches", "exit CALL:WeavingShapes.switches String big-y",
                "enter CALL:WeavingShapes.switches", "exit CALL:WeavingShapes.switches String other",
                "enter CALL:WeavingShapes.lambdas", "exit CALL:WeavingShapes.lambdas Integer 21",
                "enter CALL:WeavingShapes.checked", "exit CALL:WeavingShapes.checked String fine",
                "enter CALL:WeavingShapes.earlyReturns", "exit CALL:WeavingShapes.earlyReturns Long -1",
                "enter CALL:WeavingShapes.earlyReturns", "exit CALL:WeavingShapes.earlyReturns Long 4",
                "enter CALL:WeavingShapes.earlyReturns", "exit CALL:WeavingShapes.earlyReturns Long 0"),
                recorder.events);
        assertEquals(List.of(), recorder.faults);
    }

    @Test
    void theProgramsOwnExceptionsComeOutAsTheSameObjectsAndAreReportedOnce() throws Throwable {
        Object s = wovenShapes();
        IOException checked = assertThrows(IOException.class, () -> call(s, "checked", true));
        assertEquals("checked", checked.getMessage());
        IllegalStateException mine = new IllegalStateException("mine");
        assertSame(mine, assertThrows(IllegalStateException.class, () -> call(s, "stageThrowing", mine)));
        assertEquals(List.of("enter CALL:WeavingShapes.checked", "exit CALL:WeavingShapes.checked threw IOException",
                "enter STAGE:stageThrowing", "exit STAGE:stageThrowing IllegalStateException"), recorder.events);
    }

    @Test
    void aMethodThatIsStageAndCallIsWovenTwiceWithTheStageOutermost() throws Throwable {
        Object s = wovenShapes();
        assertEquals("ABC", call(s, "stageAndCall", "abc"));
        int[] counter = new int[1];
        call(s, "staticStage", (Object) counter);
        assertEquals(1, counter[0]);
        assertEquals(List.of("enter STAGE:shape-stage", "enter CALL:both", "exit CALL:both String ABC",
                "exit STAGE:shape-stage normally", "enter STAGE:staticStage", "exit STAGE:staticStage normally"),
                recorder.events);
    }

    @Test
    void aRefusedStageDoesNotRunAndAStoppedStageThrowsInsteadOfReturning() throws Throwable {
        Object s = wovenShapes();
        recorder.refuseEntry = true;
        int[] counter = new int[1];
        BudgetExceededException refused = assertThrows(BudgetExceededException.class,
                () -> call(s, "staticStage", (Object) counter));
        assertEquals("refused", refused.stage());
        assertEquals(0, counter[0], "the body of a refused stage must not run");
        recorder.refuseEntry = false;
        recorder.stopOnExit = true;
        BudgetExceededException stopped = assertThrows(BudgetExceededException.class,
                () -> call(s, "staticStage", (Object) counter));
        assertEquals("stopped", stopped.stage());
        assertEquals(1, counter[0], "a stage stopped at its exit has run");
        assertEquals(List.of("enter STAGE:staticStage", "enter STAGE:staticStage",
                "exit STAGE:staticStage normally"), recorder.events);
    }

    @Test
    void withNoHandlerInstalledWovenCodeIsInert() throws Throwable {
        Object s = wovenShapes();
        Dispatch.install(null);
        assertEquals(42L, call(s, "longReturn", 6L, 7L));
        assertEquals("ABC", call(s, "stageAndCall", "abc"));
        assertEquals(List.of(), recorder.events);
    }

    /**
     * Generated shapes javac does not produce: a method using 300 local variable slots (the token needs a wide
     * store) and a Java 5 class (no stack map frames, so none may be written).
     */
    @Test
    void wideLocalsAndClassesWithoutFramesAreWovenCorrectly() throws Throwable {
        for (int version : new int[] {Opcodes.V1_5, Opcodes.V17}) {
            recorder.events.clear();
            String name = "dev.costagent.agent.instrument.Generated" + version;
            byte[] woven = new Instrumenter(sites, List.of(), List.of(), SdkHooks.of(false), new ReaderPrefetch(null, null))
                    .instrument(null, name, generated(name, version));
            Class<?> c = new Woven(name, woven).loadClass(name);
            Method m = c.getMethod("wide", int.class);
            assertEquals(300 + 5, m.invoke(null, 5));
            assertEquals(List.of("enter CALL:Generated" + version + ".wide",
                    "exit CALL:Generated" + version + ".wide Integer 305"), recorder.events);
        }
    }

    /** {@code static int wide(int x)}: stores x + 300 in slot 299, branches once, returns slot 299. */
    private static byte[] generated(String name, int version) {
        ClassWriter w = new ClassWriter(0);
        w.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name.replace('.', '/'), null, "java/lang/Object",
                null);
        MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "wide", "(I)I", null, null);
        m.visitAnnotation(ClassScan.TRACKED_CALL_DESC, true).visitEnd();
        m.visitCode();
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitIntInsn(Opcodes.SIPUSH, 300);
        m.visitInsn(Opcodes.IADD);
        m.visitVarInsn(Opcodes.ISTORE, 299);
        Label done = new Label();
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitJumpInsn(Opcodes.IFGE, done);
        m.visitInsn(Opcodes.ICONST_0);
        m.visitVarInsn(Opcodes.ISTORE, 299);
        m.visitLabel(done);
        if (version >= Opcodes.V1_6) {
            Object[] locals = new Object[300];
            java.util.Arrays.fill(locals, Opcodes.TOP);
            locals[0] = Opcodes.INTEGER;
            locals[299] = Opcodes.INTEGER;
            m.visitFrame(Opcodes.F_NEW, 300, locals, 0, new Object[0]);
        }
        m.visitVarInsn(Opcodes.ILOAD, 299);
        m.visitInsn(Opcodes.IRETURN);
        m.visitMaxs(2, 300);
        m.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    @Test
    void aClassWithNothingToWeaveIsLeftAlone() throws Exception {
        assertNull(new Instrumenter(sites, List.of(), List.of(), SdkHooks.of(false), new ReaderPrefetch(null, null))
                .instrument(getClass().getClassLoader(), Recorder.class.getName(), bytesOf(Recorder.class)));
        assertTrue(recorder.events.isEmpty());
    }
}
