package dev.costagent.e2e;

import java.util.HashMap;
import java.util.Map;

/**
 * The response the test programs' tracked calls return when no server is needed: an Anthropic-style usage map for
 * one Sonnet 4.5 call (12 input, 2048 cache read, 100 5-minute cache write, 6 output: $0.0011154). A fresh
 * object each time, as a real call would return.
 */
public final class UsageMaps {

    private UsageMaps() {
    }

    public static Map<String, Object> sonnetCall() {
        Map<String, Object> usage = new HashMap<>();
        usage.put("input_tokens", 12);
        usage.put("output_tokens", 6);
        usage.put("cache_read_input_tokens", 2048);
        usage.put("cache_creation_input_tokens", 100);
        Map<String, Object> response = new HashMap<>();
        response.put("model", "claude-sonnet-4-5-20250929");
        response.put("usage", usage);
        return response;
    }
}
