package dev.costagent.agent.instrument.shapes;

import dev.costagent.PipelineStage;
import dev.costagent.TrackedCall;
import java.io.IOException;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Method shapes the weaver must handle: every return type, wide and narrow parameters, static and instance,
 * a loop at the first instruction (a stack map frame at offset 0), handlers of its own, finally blocks,
 * synchronisation, switches, lambdas, and checked exceptions. {@code AdviceWeaverTest} rewrites this class,
 * loads it through the verifier and calls each method.
 */
public class WeavingShapes {

    private int field = 7;

    @TrackedCall
    public int intReturn(int a, long b, double c, int d) {
        return a + (int) b + (int) c + d;
    }

    @TrackedCall
    public static long longReturn(long a, long b) {
        return a * b;
    }

    @TrackedCall
    public double doubleReturn(double x) {
        return x / 2;
    }

    @TrackedCall
    public boolean booleanReturn(String s) {
        return s.isEmpty();
    }

    @TrackedCall
    public char charReturn() {
        return 'z';
    }

    @TrackedCall
    public void voidReturn(List<String> sink) {
        sink.add("ran");
    }

    @TrackedCall
    public String[] arrayReturn(String a, String b) {
        return new String[] {a, b};
    }

    /** A loop as the first statement: its head is a branch target at offset 0. */
    @TrackedCall
    public int loopFirst(int n) {
        while (n > 10) {
            n -= 3;
        }
        return n;
    }

    @TrackedCall
    public int ownHandlers(String number) {
        int result;
        try {
            result = Integer.parseInt(number);
        } catch (NumberFormatException e) {
            result = -1;
        } finally {
            field++;
        }
        return result;
    }

    @TrackedCall
    public synchronized int synchronizedMethod(int x) {
        synchronized (this) {
            return x + field;
        }
    }

    @TrackedCall
    public String switches(int k, String s) {
        String a = switch (k) {
            case 0 -> "zero";
            case 1, 2 -> "small";
            case 1000 -> "big";
            default -> "other";
        };
        return switch (s) {
            case "x" -> a + "-x";
            case "y" -> a + "-y";
            default -> a;
        };
    }

    @TrackedCall
    public int lambdas(int base) {
        IntSupplier s = () -> base * 2;
        return s.getAsInt() + 1;
    }

    @TrackedCall
    public Object checked(boolean fail) throws IOException {
        if (fail) {
            throw new IOException("checked");
        }
        return "fine";
    }

    @TrackedCall
    public long earlyReturns(long x) {
        if (x < 0) {
            return -1;
        }
        for (long i = 0; i < x; i++) {
            if (i * i > x) {
                return i;
            }
        }
        return x;
    }

    @PipelineStage("shape-stage")
    @TrackedCall("both")
    public String stageAndCall(String s) {
        return s.toUpperCase();
    }

    @PipelineStage
    public static void staticStage(int[] counter) {
        counter[0]++;
    }

    @PipelineStage
    public int stageThrowing(RuntimeException e) {
        if (e != null) {
            throw e;
        }
        return 1;
    }
}
