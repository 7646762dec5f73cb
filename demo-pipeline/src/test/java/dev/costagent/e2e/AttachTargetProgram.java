package dev.costagent.e2e;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Model;
import dev.costagent.PipelineStage;
import dev.costagent.TrackedCall;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Started WITHOUT the agent: it makes a call (so its classes and the SDK's are loaded), prints
 * {@code READY <pid>}, waits for a line on standard input (the test attaches the agent meanwhile), then runs a
 * stage with two calls, which the attached agent must price.
 */
public final class AttachTargetProgram {

    private final AnthropicClient anthropic;

    private AttachTargetProgram(AnthropicClient anthropic) {
        this.anthropic = anthropic;
    }

    public static void main(String[] args) throws IOException {
        AnthropicClient anthropic = AnthropicOkHttpClient.builder().baseUrl(args[0]).apiKey("e2e").maxRetries(0).build();
        AttachTargetProgram p = new AttachTargetProgram(anthropic);
        p.before();
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        p.after();
        anthropic.close();
        System.out.println("DONE");
    }

    @PipelineStage("before")
    void before() {
        call();
    }

    @PipelineStage("after")
    void after() {
        call();
        // An unannotated SDK call: priced by the SDK hook on a class that was loaded before the agent.
        anthropic.messages().create(params());
    }

    @TrackedCall("Attach.call")
    Message call() {
        return anthropic.messages().create(params());
    }

    private static MessageCreateParams params() {
        return MessageCreateParams.builder().model(Model.CLAUDE_SONNET_4_5).maxTokens(64).addUserMessage("hi").build();
    }
}
