package dev.costagent.benchmarks.startup;

import dev.costagent.PipelineStage;
import dev.costagent.TrackedCall;
import java.util.Map;

/**
 * The smallest annotated program: one stage, one tracked call returning a {@code Map} response. What
 * {@code benchmarks/startup.sh} starts with and without the agent, to see what the agent adds to a JVM's life.
 */
public final class HelloPipeline {

    private HelloPipeline() {
    }

    public static void main(String[] args) {
        System.out.println("hello: " + ideas().get("model"));
    }

    @PipelineStage("ideas")
    static Map<String, Object> ideas() {
        return call();
    }

    @TrackedCall("Hello.call")
    static Map<String, Object> call() {
        return Map.of("model", "claude-sonnet-4-5",
                "usage", Map.of("input_tokens", 120, "output_tokens", 40));
    }
}
