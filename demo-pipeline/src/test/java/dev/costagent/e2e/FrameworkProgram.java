package dev.costagent.e2e;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.Tool;
import dev.costagent.PipelineStage;
import dev.costagent.TrackedCall;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * LangChain4j (its own HTTP providers), Google GenAI and AWS Bedrock Converse, driven through their real clients
 * with no cost-agent code around the calls except where a test needs it: the stages, and the tracked methods
 * that prove a wrapper adds nothing. Arguments: the fake server's base URL, and the base URL of a server that
 * answers Bedrock's converse-stream with an AWS event stream.
 */
public final class FrameworkProgram {

    static final String BEDROCK_MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

    private final String base;
    private final String eventStreamBase;

    private FrameworkProgram(String base, String eventStreamBase) {
        this.base = base;
        this.eventStreamBase = eventStreamBase;
    }

    public static void main(String[] args) throws Exception {
        FrameworkProgram p = new FrameworkProgram(args[0], args[1]);
        p.langchain4j();
        p.google();
        p.bedrock();
        p.googleAsync();
        System.out.println("DONE");
        // The SDKs' non-daemon threads (Bedrock's Netty, LangChain4j's HTTP client) must not hold the JVM.
        System.exit(0);
    }

    @PipelineStage("langchain4j")
    void langchain4j() throws Exception {
        ChatModel openAi = OpenAiChatModel.builder().baseUrl(base + "/v1").apiKey("e2e").modelName("gpt-4o")
                .maxRetries(0).build();
        ChatModel anthropic = AnthropicChatModel.builder().baseUrl(base + "/v1/").apiKey("e2e")
                .modelName("claude-sonnet-4-5").maxRetries(0).build();
        ChatResponse wrapped = ask(openAi, "Critique it.");
        System.out.println("lc4j wrapped " + wrapped.tokenUsage());
        // The same response through a second tracked method: counted already.
        System.out.println("lc4j again " + again(wrapped).id());
        System.out.println("lc4j anthropic " + anthropic.chat(ChatRequest.builder()
                .messages(UserMessage.from("Ideas, please.")).build()).tokenUsage());
        StreamingChatModel openAiStream = OpenAiStreamingChatModel.builder().baseUrl(base + "/v1").apiKey("e2e")
                .modelName("gpt-4o-mini").build();
        System.out.println("lc4j openai stream " + stream(openAiStream, "Stream it.").tokenUsage());
        StreamingChatModel anthropicStream = AnthropicStreamingChatModel.builder().baseUrl(base + "/v1/")
                .apiKey("e2e").modelName("claude-haiku-4-5").build();
        streamInTrackedCall(anthropicStream);
    }

    @TrackedCall("Lc4jWrapper.ask")
    ChatResponse ask(ChatModel model, String question) {
        return model.chat(ChatRequest.builder().messages(UserMessage.from(question)).build());
    }

    @TrackedCall("Lc4jWrapper.again")
    ChatResponse again(ChatResponse response) {
        return response;
    }

    /** Returns nothing: the response is counted from the listener notification, on the HTTP client's thread. */
    @TrackedCall("Lc4jWrapper.stream")
    void streamInTrackedCall(StreamingChatModel model) throws Exception {
        System.out.println("lc4j anthropic stream " + stream(model, "Stream ideas.").tokenUsage());
    }

    private static ChatResponse stream(StreamingChatModel model, String question) throws Exception {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.chat(ChatRequest.builder().messages(UserMessage.from(question)).build(),
                new StreamingChatResponseHandler() {
                    @Override
                    public void onPartialResponse(String partial) {
                    }

                    @Override
                    public void onCompleteResponse(ChatResponse response) {
                        done.complete(response);
                    }

                    @Override
                    public void onError(Throwable error) {
                        done.completeExceptionally(error);
                    }
                });
        return done.get(30, TimeUnit.SECONDS);
    }

    /** A tool for automatic function calling; the fake server asks for it once. */
    public static String currentTime() {
        return "12:00";
    }

    @PipelineStage("google")
    void google() throws Exception {
        try (Client client = Client.builder().apiKey("e2e")
                .httpOptions(HttpOptions.builder().baseUrl(base).build()).build()) {
            System.out.println("gemini " + client.models.generateContent("gemini-2.5-flash", "Hello", null)
                    .usageMetadata());
            int chunks = 0;
            try (ResponseStream<GenerateContentResponse> stream =
                         client.models.generateContentStream("gemini-2.5-flash", "Hello, streaming", null)) {
                for (GenerateContentResponse chunk : stream) {
                    chunks++;
                }
            }
            System.out.println("gemini stream chunks " + chunks);
            GenerateContentConfig withTool = GenerateContentConfig.builder()
                    .tools(Tool.builder().functions(FrameworkProgram.class.getMethod("currentTime")).build()).build();
            System.out.println("gemini afc " + client.models.generateContent("gemini-2.5-flash", "What time is it?",
                    withTool).text());
        }
    }

    @PipelineStage("bedrock")
    void bedrock() throws Exception {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("e2e", "e2e"));
        ConverseRequest request = ConverseRequest.builder().modelId(BEDROCK_MODEL)
                .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("Hello")).build())
                .build();
        try (BedrockRuntimeClient client = BedrockRuntimeClient.builder().endpointOverride(URI.create(base))
                .region(Region.US_EAST_1).credentialsProvider(credentials).build()) {
            System.out.println("bedrock " + client.converse(request).usage());
        }
        // The loopback server speaks HTTP/1.1 only; the async client would ask for HTTP/2.
        try (BedrockRuntimeAsyncClient client = BedrockRuntimeAsyncClient.builder().endpointOverride(URI.create(base))
                .region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1)).build()) {
            System.out.println("bedrock async " + client.converse(request).get(30, TimeUnit.SECONDS).usage());
        }
        try (BedrockRuntimeAsyncClient client = BedrockRuntimeAsyncClient.builder()
                .endpointOverride(URI.create(eventStreamBase)).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1)).build()) {
            ConverseStreamRequest streamed = ConverseStreamRequest.builder().modelId(BEDROCK_MODEL)
                    .messages(request.messages()).build();
            CompletableFuture<Object> usage = new CompletableFuture<>();
            client.converseStream(streamed, ConverseStreamResponseHandler.builder()
                    .subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .onMetadata(event -> usage.complete(event.usage())).build())
                    .build()).get(30, TimeUnit.SECONDS);
            System.out.println("bedrock stream " + usage.get(30, TimeUnit.SECONDS));
        }
    }

    /** Google GenAI's async models, outside any stage: unstaged. */
    private void googleAsync() throws Exception {
        try (Client client = Client.builder().apiKey("e2e")
                .httpOptions(HttpOptions.builder().baseUrl(base).build()).build()) {
            System.out.println("gemini async " + client.async.models.generateContent("gemini-2.5-flash",
                    "Hello, async", null).get(30, TimeUnit.SECONDS).usageMetadata());
            int chunks = 0;
            try (ResponseStream<GenerateContentResponse> stream = client.async.models.generateContentStream(
                    "gemini-2.5-flash", "Hello, async stream", null).get(30, TimeUnit.SECONDS)) {
                for (GenerateContentResponse chunk : stream) {
                    chunks++;
                }
            }
            System.out.println("gemini async stream chunks " + chunks);
        }
    }
}
