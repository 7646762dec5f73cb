package dev.costagent.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the structured parts out of the models' replies. Lenient on purpose: a live model follows the
 * requested format most of the time, not always.
 */
final class ReplyParser {

    private static final Pattern NUMBERED = Pattern.compile("^\\s*(\\d{1,3})[.)]\\s+(.+)$");
    private static final Pattern BOLD_NAME = Pattern.compile("^\\*\\*(.+?)\\*\\*\\s*(?:[—–:-]\\s*)?(.*)$");
    private static final Pattern PLAIN_NAME = Pattern.compile("^(.+?)\\s+[—–-]\\s+(.*)$|^(.+?):\\s+(.*)$");
    private static final Pattern SCORE = Pattern.compile("score:?\\s*(\\d{1,2})\\s*/\\s*10", Pattern.CASE_INSENSITIVE);
    private static final Pattern VERDICT = Pattern.compile("verdict:?\\s*\\**\\s*([a-z]+)", Pattern.CASE_INSENSITIVE);

    private ReplyParser() {
    }

    /** The numbered ideas of the generator's reply, with the indented lines under each as details. */
    static List<Idea> ideas(String reply) {
        List<Idea> ideas = new ArrayList<>();
        Idea current = null;
        StringBuilder details = new StringBuilder();
        for (String line : reply.split("\\R")) {
            Matcher numbered = NUMBERED.matcher(line);
            if (numbered.matches()) {
                if (current != null) {
                    ideas.add(withDetails(current, details));
                }
                String[] nameAndPitch = nameAndRest(numbered.group(2).strip());
                current = new Idea(ideas.size() + 1, nameAndPitch[0], nameAndPitch[1], "");
                details.setLength(0);
            } else if (current != null && !line.isBlank() && Character.isWhitespace(line.charAt(0))) {
                details.append(details.length() == 0 ? "" : "\n").append(line.strip());
            } else if (current != null && !line.isBlank()) {
                ideas.add(withDetails(current, details));
                current = null;
            }
        }
        if (current != null) {
            ideas.add(withDetails(current, details));
        }
        return ideas;
    }

    /** The critic's verdict, score and first risk. */
    static Critique critique(Idea idea, String reply) {
        Matcher score = SCORE.matcher(reply);
        Matcher verdict = VERDICT.matcher(reply);
        String topRisk = "";
        boolean inRisks = false;
        for (String line : reply.split("\\R")) {
            String t = line.strip();
            if (t.toLowerCase(Locale.ROOT).startsWith("risks")) {
                inRisks = true;
            } else if (inRisks && (t.startsWith("-") || t.startsWith("*"))) {
                topRisk = t.substring(1).strip();
                break;
            }
        }
        return new Critique(idea,
                verdict.find() ? verdict.group(1).toLowerCase(Locale.ROOT) : "unknown",
                score.find() ? Integer.parseInt(score.group(1)) : 0,
                topRisk,
                reply);
    }

    /** The numbered lines of the ranker's reply. */
    static List<RankedIdea> ranking(String reply) {
        List<RankedIdea> ranking = new ArrayList<>();
        for (String line : reply.split("\\R")) {
            Matcher numbered = NUMBERED.matcher(line);
            if (numbered.matches()) {
                String[] nameAndReason = nameAndRest(numbered.group(2).strip());
                ranking.add(new RankedIdea(ranking.size() + 1, nameAndReason[0], nameAndReason[1]));
            }
        }
        return ranking;
    }

    /** The top pick line of the ranker's reply, or an empty string. */
    static String topPick(String reply) {
        for (String line : reply.split("\\R")) {
            if (line.strip().toLowerCase(Locale.ROOT).startsWith("top pick")) {
                return line.strip();
            }
        }
        return "";
    }

    /** Splits {@code **Name** — rest}, {@code Name — rest} or {@code Name: rest}. */
    private static String[] nameAndRest(String text) {
        Matcher bold = BOLD_NAME.matcher(text);
        if (bold.matches()) {
            return new String[] {bold.group(1).strip(), bold.group(2).strip()};
        }
        Matcher plain = PLAIN_NAME.matcher(text);
        if (plain.matches()) {
            return plain.group(1) != null
                    ? new String[] {plain.group(1).strip(), plain.group(2).strip()}
                    : new String[] {plain.group(3).strip(), plain.group(4).strip()};
        }
        return new String[] {text, ""};
    }

    private static Idea withDetails(Idea idea, CharSequence details) {
        return new Idea(idea.number(), idea.name(), idea.pitch(), details.toString());
    }
}
