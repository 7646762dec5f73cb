package dev.costagent.benchmarks.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.CostAgent;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Issue #5's memory bar: what the agent keeps does not grow with the number of calls. Runs under the real agent
 * jar (surefire's argLine), with a fixed heap and young generation: the agent's identity set of counted responses
 * is sized by the most responses counted between two collections, which the young generation's size decides.
 */
class RetainedHeapTest {

    private static final long MAX_GROWTH = 2L * 1024 * 1024;

    @Test
    void heapKeptByTheAgentDoesNotGrowWithAMillionCalls() throws InterruptedException {
        assertTrue(CostAgent.isAttached(), "surefire's argLine must attach agent/target/cost-agent.jar");
        BigDecimal start = CostAgent.runningCostUsd();
        RetainedHeap.run(1);
        BigDecimal perCall = CostAgent.runningCostUsd().subtract(start);
        assertTrue(perCall.signum() > 0, "a tracked call must be priced");

        RetainedHeap.Result r = RetainedHeap.measure(1_000_000);
        System.out.println("[RetainedHeapTest] " + r);

        assertEquals(0, perCall.multiply(BigDecimal.valueOf(r.calls())).compareTo(r.spentUsd()),
                "every call recorded, at the same price");
        assertTrue(r.retained() < MAX_GROWTH, "the agent keeps " + r.retained() + " bytes more after "
                + r.calls() + " calls: " + r);
    }
}
