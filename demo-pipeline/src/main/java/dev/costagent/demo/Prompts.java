package dev.costagent.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The pipeline's prompts. The system prompts are long on purpose, as in real pipelines (a rubric, a portfolio,
 * examples), and they never change between calls, so the providers' prompt caches can serve them.
 */
final class Prompts {

    static final String IDEAS_SYSTEM = load("ideas-system.txt");
    static final String CRITIC_SYSTEM = load("critic-system.txt");
    static final String RANKER_SYSTEM = load("ranker-system.txt");

    private Prompts() {
    }

    static String ideasRequest(int count) {
        return "Generate " + count + " startup ideas for our next batch. Founders in this batch come from "
                + "operations, logistics, hospitality and accounting; favour ideas they could sell in person. "
                + "Follow the format in your instructions exactly.";
    }

    static String critiqueRequest(Idea idea) {
        StringBuilder text = new StringBuilder("Critique this startup idea for the partner meeting.\n\n")
                .append("Idea: ").append(idea.name()).append(" — ").append(idea.pitch()).append('\n');
        if (!idea.details().isEmpty()) {
            text.append(idea.details()).append('\n');
        }
        return text.toString();
    }

    static String rankingRequest(List<Critique> critiques) {
        StringBuilder text = new StringBuilder("Rank these ").append(critiques.size())
                .append(" startup ideas for the partner meeting. Each comes with the analyst's critique.\n\n");
        for (Critique c : critiques) {
            text.append(c.idea().number()).append(". ").append(c.idea().name()).append(" — ")
                    .append(c.idea().pitch()).append('\n')
                    .append("   Analyst: ").append(c.verdict()).append(", score ").append(c.score()).append("/10.");
            if (!c.topRisk().isEmpty()) {
                text.append(" Top risk: ").append(c.topRisk());
            }
            text.append('\n');
        }
        return text.append("\nAnswer in the format from your instructions.").toString();
    }

    private static String load(String name) {
        try (InputStream in = Prompts.class.getResourceAsStream("prompts/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing prompt resource prompts/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt resource prompts/" + name, e);
        }
    }
}
