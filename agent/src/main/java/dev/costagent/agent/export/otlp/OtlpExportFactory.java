package dev.costagent.agent.export.otlp;

import dev.costagent.agent.config.ConfigException;
import dev.costagent.agent.config.Key;
import dev.costagent.agent.config.Settings;
import dev.costagent.agent.integration.Integration;
import dev.costagent.agent.integration.IntegrationContext;
import dev.costagent.agent.integration.IntegrationFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Switches the OTLP/HTTP metrics export on when {@code costagent.otlp.endpoint} is given, and checks its settings:
 * the endpoint (a base URL; {@code /v1/metrics} is appended, as {@code OTEL_EXPORTER_OTLP_ENDPOINT} does), the
 * headers ({@code name=value,name2=value2}, values percent-decoded, as {@code OTEL_EXPORTER_OTLP_HEADERS} takes
 * them; never printed) and the interval. Names none of the OpenTelemetry SDK's classes: off, none load; on, they
 * load on the export's own thread, not while the program starts.
 */
public final class OtlpExportFactory implements IntegrationFactory {

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    /** Settings the export runs with. */
    public record Config(String metricsEndpoint, Map<String, String> headers, Duration interval) {
    }

    @Override
    public Integration create(IntegrationContext context) throws ConfigException {
        Config c = config(context.config().settings());
        return c == null ? null : new OtlpExport(context, c);
    }

    /** The export's settings, or null when it is off. */
    static Config config(Settings s) throws ConfigException {
        String endpoint = s.nonEmpty(Key.OTLP_ENDPOINT, "an http:// or https:// base URL such as http://localhost:4318");
        if (endpoint == null) {
            for (Key k : new Key[] {Key.OTLP_HEADERS, Key.OTLP_INTERVAL}) {
                if (s.has(k)) {
                    throw s.invalid(k, "costagent.otlp.endpoint beside it (without it nothing is exported)");
                }
            }
            return null;
        }
        return new Config(metricsEndpoint(s, endpoint), headers(s),
                s.duration(Key.OTLP_INTERVAL, Duration.ofMillis(100), Duration.ofHours(1), DEFAULT_INTERVAL));
    }

    private static String metricsEndpoint(Settings s, String endpoint) throws ConfigException {
        String expected = "an http:// or https:// base URL such as http://localhost:4318";
        URI u;
        try {
            u = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw s.invalid(Key.OTLP_ENDPOINT, expected);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getRawQuery() != null
                || u.getRawFragment() != null) {
            throw s.invalid(Key.OTLP_ENDPOINT, expected);
        }
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return base + "/v1/metrics";
    }

    private static Map<String, String> headers(Settings s) throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        String v = s.text(Key.OTLP_HEADERS);
        if (v == null || v.isEmpty()) {
            return out;
        }
        String expected = "name=value pairs separated by commas, such as Authorization=Bearer%20token";
        for (String piece : v.split(",")) {
            int eq = piece.indexOf('=');
            if (eq <= 0) {
                throw s.invalid(Key.OTLP_HEADERS, expected);
            }
            String name = piece.substring(0, eq).trim();
            String value;
            try {
                value = URLDecoder.decode(piece.substring(eq + 1).trim().replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw s.invalid(Key.OTLP_HEADERS, expected);
            }
            if (name.isEmpty() || !name.chars().allMatch(OtlpExportFactory::tokenChar)) {
                throw s.invalid(Key.OTLP_HEADERS, expected);
            }
            out.put(name, value);
        }
        return out;
    }

    /** An HTTP header name's characters (RFC 9110 token). */
    private static boolean tokenChar(int c) {
        return c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
