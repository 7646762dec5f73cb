package dev.costagent.agent.export.spans;

import dev.costagent.agent.api.CallObservers;
import dev.costagent.agent.events.RecordedCall;
import dev.costagent.agent.integration.Integration;

/**
 * Hands each recorded call to the registered {@link CallObservers}, on the program's thread: the OpenTelemetry
 * agent's span of the call is current there, and only there. The observer's work (cost-agent's extension: two span
 * attributes) is the one thing this integration adds to a call; the OpenTelemetry agent's own span costs far more.
 */
final class SpanCost implements Integration {

    @Override
    public String name() {
        return "cost on OpenTelemetry spans (for the cost-agent extension of the OpenTelemetry Java agent)";
    }

    @Override
    public boolean wantsCalls() {
        return true;
    }

    @Override
    public void callRecorded(RecordedCall call) {
        for (CallObservers.Observer o : CallObservers.all()) {
            o.callRecorded(call.stage(), call.model(), call.provider(), call.operation(), call.picos(), call.priced());
        }
    }
}
