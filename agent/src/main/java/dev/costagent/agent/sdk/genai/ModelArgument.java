package dev.costagent.agent.sdk.genai;

import dev.costagent.agent.sdk.RequestModel;

/** The model a {@code generateContent} call names: its first argument, a {@code String}. */
final class ModelArgument implements RequestModel {

    static final ModelArgument INSTANCE = new ModelArgument();

    private ModelArgument() {
    }

    @Override
    public String of(Object[] arguments) {
        return arguments[0] instanceof String model ? model : null;
    }
}
