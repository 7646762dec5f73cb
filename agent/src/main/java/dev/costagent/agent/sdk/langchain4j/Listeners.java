package dev.costagent.agent.sdk.langchain4j;

import dev.costagent.agent.calls.Attribution;
import dev.costagent.agent.instrument.Site;
import dev.costagent.agent.sdk.HookAdapter;
import dev.costagent.agent.sdk.SdkCalls;

/**
 * LangChain4j's listener notifications ({@code ChatModelListenerUtils.onRequest} and {@code onResponse}), which
 * pair a streaming call's request, made on the caller's thread, with its response, which arrives on another: the
 * call is remembered by its per-call attributes map (argument 2 of the request, argument 3 of the response),
 * with the caller's stage and operation, until its response is recorded.
 *
 * <p>A call made through {@code ChatModel.chat}/{@code chatAsync} notifies the listeners too, but is counted by
 * that hook's own frame, so only the others (streaming calls) are remembered.
 */
final class Listeners implements HookAdapter {

    static final Listeners REQUEST = new Listeners(true);
    static final Listeners RESPONSE = new Listeners(false);

    private final boolean request;

    private Listeners(boolean request) {
        this.request = request;
    }

    @Override
    public Object[] enter(SdkCalls calls, Site site, Object self, Object[] arguments) {
        if (request) {
            requested(calls, site, arguments);
        } else {
            Attribution who = arguments.length > 3 && calls.forget(arguments[3]) instanceof Attribution a ? a : null;
            if (who != null) {
                calls.recordResponse(who, arguments[0]);
            }
        }
        return arguments;
    }

    private static void requested(SdkCalls calls, Site site, Object[] arguments) {
        if (calls.inSdkCall()) {
            return;
        }
        Object attributes = arguments.length > 2 ? arguments[2] : null;
        if (attributes == null) {
            return;
        }
        calls.remember(attributes, calls.attributeHere(site, arguments));
        calls.enclosingCountsLater();
    }
}
