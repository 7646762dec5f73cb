package dev.costagent.benchmarks;

import dev.costagent.CostAgent;

/**
 * How the "agent" forks run: with the real shipped jar, exactly as users attach it. Paths are relative to the
 * repository root, where the benchmarks are run from ({@link Main} checks).
 *
 * <p>Why forks with {@code -javaagent} rather than installing the agent's classes in-process with
 * {@code ByteBuddyAgent}: this way the figure includes everything a user pays, the bootstrap class path, the
 * relocated ByteBuddy's advice exactly as the shipped jar inlines it, the premain configuration; the baseline fork
 * runs the same benchmark code on the same JIT with no agent at all. JMH runs both in one invocation.
 */
final class AgentForks {

    static final String AGENT_JAR = "agent/target/cost-agent.jar";

    /** A budget far above what a fork can spend, so that every stage boundary runs its budget check. */
    static final String AGENT = "-javaagent:" + AGENT_JAR;
    static final String OUT = "-Dcostagent.out=benchmarks/target/jmh-agent-out";
    static final String BUDGET = "-Dbudget=1000000";
    /** The INFO line per stage exit would put millions of lines on the console; see StageInfoLogBenchmark. */
    static final String QUIET = "-Dcostagent.log=warn";

    private AgentForks() {
    }

    /** Fails the fork when it does not run as its name says, so a mislabelled figure cannot be published. */
    static void expectAttached(boolean expected) {
        if (CostAgent.isAttached() != expected) {
            throw new IllegalStateException(expected
                    ? "the agent is not attached: run from the repository root after `mvn -B package`, so that "
                            + AGENT_JAR + " exists"
                    : "the agent is attached to a baseline fork: do not pass -javaagent to the benchmark launcher");
        }
    }
}
