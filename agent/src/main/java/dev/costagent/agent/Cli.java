package dev.costagent.agent;

/** {@code java -jar cost-agent.jar}: prints how to use the agent. Attaching to a running JVM comes with issue #3. */
public final class Cli {

    private Cli() {
    }

    public static void main(String[] args) {
        System.out.println("cost-agent: prices and budgets the LLM calls of a JVM program.");
        System.out.println("usage: java -javaagent:cost-agent.jar[=budget=5,out=data] -jar your-app.jar");
    }
}
