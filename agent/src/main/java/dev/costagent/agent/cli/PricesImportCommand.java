package dev.costagent.agent.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.costagent.agent.pricing.CatalogException;
import dev.costagent.agent.pricing.CatalogLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code prices import FILE [-o CATALOG]}: a catalog from LiteLLM's or genai-prices' price list. */
@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Converts LiteLLM's model_prices_and_context_window.json or genai-prices' data.json into a "
                + "catalog the agent loads (-Dcostagent.catalog=FILE). Prices become exact decimals per million "
                + "tokens; chat, completion and embedding models are kept; what the catalog cannot express "
                + "(images, audio, prices per request) is skipped and counted."})
final class PricesImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The price list (JSON).")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "CATALOG",
            description = "Where to write the catalog (default: standard output).")
    Path output;

    @Option(names = "--provider", paramLabel = "NAME", split = ",",
            description = "Only these providers (litellm_provider, or genai-prices' provider id); repeatable.")
    List<String> providers = List.of();

    /** The import date (prices_checked, and which of genai-prices' dated prices are in force); tests fix it. */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        LocalDate today = LocalDate.now(clock);
        PriceImport imported = read(file, new HashSet<>(providers), today);
        if (imported.models.isEmpty()) {
            throw new CliException(file + ": no model could be imported from this " + imported.format
                    + " price list (" + reasons(imported.skipped) + ")");
        }
        String yaml = CatalogYaml.render(imported, file.getFileName().toString(), today);
        try {
            // What the agent will do with it: a catalog that would not load is never written.
            CatalogLoader.parse(output == null ? "imported catalog" : output.toString(), yaml);
        } catch (CatalogException e) {
            throw new CliException("the imported catalog would not load: " + e.getMessage(), e);
        }
        PrintWriter summary;
        if (output == null) {
            spec.commandLine().getOut().print(yaml);
            spec.commandLine().getOut().flush();
            summary = spec.commandLine().getErr();
        } else {
            write(output, yaml);
            summary = spec.commandLine().getOut();
        }
        summary.println("Imported " + imported.models.size() + " models from " + file + " (" + imported.format
                + " format)" + (output == null ? "" : " into " + output) + ".");
        summary.println("Skipped " + imported.skippedCount() + (imported.skipped.isEmpty() ? "." : ": "
                + reasons(imported.skipped) + "."));
        for (Map.Entry<String, Integer> n : imported.notes.entrySet()) {
            summary.println("Note: " + n.getKey() + ": " + n.getValue() + ".");
        }
        summary.flush();
        return 0;
    }

    static PriceImport read(Path file, Set<String> providers, LocalDate today) throws CliException {
        try (InputStream in = Files.newInputStream(file); JsonParser p = CostFiles.JSON.createParser(in)) {
            JsonToken first = p.nextToken();
            PriceImport imported;
            if (first == JsonToken.START_OBJECT) {
                imported = LiteLlmPrices.read(p, providers);
            } else if (first == JsonToken.START_ARRAY) {
                imported = GenAiPrices.read(p, providers, today);
            } else {
                throw new CliException("not a price list: neither LiteLLM's (a JSON object of models) nor "
                        + "genai-prices' (a JSON list of providers)");
            }
            if (p.nextToken() != null) {
                throw new CliException("not a price list: more after the document " + CostFiles.where(p.currentLocation()));
            }
            return imported;
        } catch (NoSuchFileException e) {
            throw new CliException(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new CliException(file + ": not a readable price list: " + e.getOriginalMessage() + " "
                    + CostFiles.where(e.getLocation()), e);
        } catch (CliException e) {
            // The readers word what is wrong; the file is named here, once.
            throw new CliException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CliException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static String reasons(Map<String, Integer> counts) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            b.append(b.length() == 0 ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey());
        }
        return b.length() == 0 ? "nothing in it" : b.toString();
    }

    /** Written beside the target and renamed over it: a reader never sees half a catalog. */
    private static void write(Path target, String yaml) throws CliException {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
            try {
                Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CliException(target + ": cannot write the catalog: " + e.getMessage(), e);
        }
    }
}
