package dev.costagent.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake server's reply text: plausible, and a pure function of the prompt, so that a run reads like a real
 * one and two runs read the same. It knows the three requests of the demo pipeline (generate ideas, critique
 * one, rank them) and answers anything else briefly.
 */
final class FakeReplies {

    /** How many different ideas the fake can pitch; a request for more gets this many. */
    static final int IDEA_BANK_SIZE = 24;

    private record Pitch(String name, String pitch, String whyNow, String firstCustomer) {
    }

    private static final List<Pitch> IDEAS = List.of(
            new Pitch("LedgerLens",
                    "An AI bookkeeper that reads receipts and bank feeds and closes the books for freelancers every Friday.",
                    "open-banking feeds are finally reliable and receipt OCR costs a fraction of a cent.",
                    "two-to-ten-person design studios that now pay an accountant by the hour for catch-up work."),
            new Pitch("ShiftSwap",
                    "A marketplace where hourly staff at chain retailers trade shifts across nearby stores, approved by a manager in one tap.",
                    "predictive-scheduling laws make last-minute gaps expensive for employers.",
                    "regional pharmacy chains with 20 to 80 stores and a chronic weekend staffing gap."),
            new Pitch("GreenGrid Rentals",
                    "Plug-in solar and battery kits leased to renters, installed without drilling, that move with them.",
                    "balcony-solar rules have been relaxed and battery prices keep falling.",
                    "tenants in mid-rise apartment buildings with south-facing balconies."),
            new Pitch("ClauseCheck",
                    "Lease review for small landlords that flags clauses a state would not enforce before the tenant signs.",
                    "tenant-protection statutes change every session and small landlords cannot track them.",
                    "owners of two to twenty units who draft leases from old templates."),
            new Pitch("PantryPilot",
                    "Meal planning that starts from what is already in the fridge, using grocery receipts to track what is at home.",
                    "food prices are up and households want to waste less without logging every item.",
                    "busy families already on a grocery-delivery subscription."),
            new Pitch("VetNow Remote",
                    "Night-time video triage for pet owners that routes real emergencies to the nearest open clinic with its live wait time.",
                    "emergency vet clinics are overloaded and half of night visits are not emergencies.",
                    "pet insurers that want fewer unnecessary emergency claims."),
            new Pitch("FleetFix",
                    "Predictive maintenance for small delivery fleets from the diagnostic port and a weekly photo of each tyre.",
                    "cheap cellular OBD dongles and phone cameras now see what a mechanic would.",
                    "local courier companies running 10 to 50 vans."),
            new Pitch("TutorLoop",
                    "Peer tutoring where university students tutor high-school pupils in the exact courses they aced, matched by syllabus.",
                    "schools have tutoring budgets left over from recovery programmes and too few tutors.",
                    "school districts that already buy tutoring hours in bulk."),
            new Pitch("CarbonCart",
                    "A checkout widget that shows the emissions of each delivery option and lets shoppers choose the greener one.",
                    "large retailers must now report delivery emissions and want a lever to lower them.",
                    "mid-size online stores on the major e-commerce platforms."),
            new Pitch("DockDesk",
                    "Booking software for small marinas that puts slips, fuel and winter storage in one calendar.",
                    "boat ownership grew fast and most marinas still run on paper and phone calls.",
                    "family-owned marinas with 50 to 300 slips."),
            new Pitch("CareCircle",
                    "A shared calendar and task board for siblings coordinating the care of an ageing parent.",
                    "one in five adults now cares for a relative, usually from another city.",
                    "home-care agencies that want families to stay organised between visits."),
            new Pitch("SiteScribe",
                    "Voice-first daily reports for construction foremen that turn a two-minute dictation into a compliant site log.",
                    "speech recognition now copes with noisy sites and insurers ask for daily logs.",
                    "general contractors running five to twenty concurrent jobs."),
            new Pitch("QuietHours",
                    "Noise monitoring for short-term rentals that warns guests before neighbours complain, without recording audio.",
                    "cities fine hosts for noise complaints and platforms delist repeat offenders.",
                    "property managers operating 20 or more short-term rental units."),
            new Pitch("RecallRadar",
                    "Alerts restaurants when an ingredient they bought is under a food recall, matched line by line from their invoices.",
                    "recall notices are public and machine-readable but nobody reads them in time.",
                    "restaurant groups with three to thirty locations and a central purchasing desk."),
            new Pitch("GrantGrove",
                    "Finds grants for small nonprofits and drafts the application from their past reports and budgets.",
                    "language models draft a decent first pass and funders publish their criteria online.",
                    "nonprofits with annual budgets under two million that cannot afford a grant writer."),
            new Pitch("PermitPal",
                    "Tracks building-permit applications across city portals and predicts the approval date from past decisions.",
                    "permit backlogs are long and every week of delay costs builders interest.",
                    "residential builders who file more than ten permits a year."),
            new Pitch("ReturnLoop",
                    "Turns online-store returns into local resale listings before the parcel ships back to the warehouse.",
                    "return rates in apparel passed thirty percent and reverse shipping eats the margin.",
                    "direct-to-consumer apparel brands shipping a thousand orders a day."),
            new Pitch("ShelfSense",
                    "Shelf-gap detection for independent grocers from a single phone clipped to the shelf.",
                    "on-device vision models run on a mid-range phone and grocers lose sales to empty shelves.",
                    "independent grocers with two to ten stores."),
            new Pitch("ClinicQueue",
                    "A virtual waiting room for walk-in clinics that texts patients when to come in.",
                    "patients now expect to wait at home, and clinics want fuller waiting rooms to feel less crowded.",
                    "urgent-care groups with five to forty clinics."),
            new Pitch("SkillStack",
                    "Micro-credentials for tradespeople, verified by short on-the-job videos and accepted by staffing agencies.",
                    "skilled-trade shortages make agencies take chances on unproven hires.",
                    "construction staffing agencies placing electricians and welders."),
            new Pitch("WaterWise Farms",
                    "Soil-moisture sensors and irrigation schedules sold per acre per season to mid-size growers.",
                    "water allocations are being cut and low-power radios now cover a whole farm.",
                    "orchards and vineyards of 100 to 1,000 acres."),
            new Pitch("InvoiceNudge",
                    "Polite, escalating payment reminders for contractors that sync with their accounting software.",
                    "late payment is the top cash-flow problem of small firms and reminders are still sent by hand.",
                    "trades businesses that invoice thirty or more clients a month."),
            new Pitch("MenuMatch",
                    "Allergen-aware digital menus that filter the dishes for each diner at the table.",
                    "allergen-labelling rules are tightening and QR menus are already on every table.",
                    "casual-dining chains that already use QR menus."),
            new Pitch("CodeCoach",
                    "A review bot for bootcamp graduates' portfolios that gives feedback the way a senior engineer would.",
                    "junior hiring is competitive and graduates need a portfolio that stands out.",
                    "coding bootcamps that sell career services to their graduates."));

    private static final List<String> STRENGTHS = List.of(
            "The buyer is easy to find and already pays for a worse workaround, so the first ten customers are a sales problem, not a discovery problem.",
            "The pain is frequent (weekly at least), which makes a subscription feel natural rather than forced.",
            "Onboarding can be done in under an hour with data the customer already has, so pilots are cheap to run.",
            "Every new customer improves the data set, which gives %s a compounding edge over a copycat.",
            "The value is measurable in money saved or earned, so the sales pitch is a spreadsheet rather than a story.",
            "A small team can build a credible first version in one quarter without special hardware or licences.",
            "There is a natural expansion path from the first wedge into adjacent workflows of the same buyer.",
            "The incumbents serve large enterprises and ignore this segment, so there is room to win on simplicity.");

    private static final List<String> RISKS = List.of(
            "Willingness to pay is unproven: the segment is price-sensitive and may treat %s as a nice-to-have.",
            "Distribution is the hard part; without a channel partner the cost of acquiring each customer could exceed its first-year revenue.",
            "A large platform could ship a good-enough version as a free feature within a year.",
            "The product depends on third-party data access that could be restricted or repriced.",
            "Regulation differs by region, so each new market needs legal work before launch.",
            "Churn may be seasonal, which makes cash flow uneven in the first two years.",
            "The first version needs human review behind the scenes, so gross margin will start low.",
            "Sales cycles with this buyer can run six months, longer than a seed-stage runway likes.");

    private static final List<String> NEXT_STEPS = List.of(
            "Interview fifteen target customers this month and ask what they pay today for the workaround.",
            "Run a concierge pilot with three customers before writing production code.",
            "Put up a landing page with pricing and measure sign-ups from a small, targeted ad spend.",
            "Find one channel partner willing to co-sell a pilot in exchange for a revenue share.",
            "Build the narrowest version that saves one customer one hour a week, and charge for it.",
            "Map the regulations in the first two launch regions before committing to a roadmap.");

    private static final List<String> GENERIC = List.of(
            "The short answer is to start with the smallest version that a real user would pay for.",
            "Measure it for two weeks before widening the scope.",
            "Keep the first iteration boring: proven tools, one clear metric, and a weekly review.",
            "Write down what would make you stop, so the decision is easy when the data comes in.",
            "If two options look equal, pick the one that is cheaper to reverse.",
            "Most of the risk sits in distribution rather than in the technology, so test that first.",
            "Talk to the people who will use it before you talk to the people who will buy it.",
            "A clear owner and a deadline do more for a project than another planning meeting.");

    private static final Pattern IDEA_COUNT =
            Pattern.compile("\\b(\\d{1,3})\\s+(?:[\\w-]+\\s+){0,3}?ideas\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMBERED_ENTRY =
            Pattern.compile("^\\s*\\d{1,3}[.)]\\s+(?:\\*\\*)?(.+?)(?:\\*\\*)?(?:\\s+[—–-]\\s+.*|:.*)?$");
    private static final Pattern SCORE = Pattern.compile("score:?\\s*(\\d{1,2})\\s*/\\s*10", Pattern.CASE_INSENSITIVE);
    private static final Pattern WORD = Pattern.compile("\\S+\\s*|\\s+");
    private static final Pattern IDEA_LINE = Pattern.compile("^\\s*idea:\\s*(?:\\*\\*)?(.+?)(?:\\*\\*)?\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    private FakeReplies() {
    }

    /**
     * The reply to a conversation.
     *
     * @param task   the text of the last user message: decides the kind of reply
     * @param prompt all the prompt text: seeds the choices, so any change to the prompt can change the reply
     * @return the reply text
     */
    static String replyTo(String task, String prompt) {
        Random random = new Random(seed(prompt));
        String lower = task.toLowerCase(Locale.ROOT);
        if (lower.contains("rank")) {
            List<RankEntry> entries = rankEntries(task);
            if (entries.size() >= 2) {
                return ranking(entries, random);
            }
        }
        if (lower.contains("critique") || lower.contains("critic")) {
            return critique(task, random);
        }
        Matcher count = IDEA_COUNT.matcher(task);
        if (count.find()) {
            return ideas(Integer.parseInt(count.group(1)), random);
        }
        if (lower.contains("ideas")) {
            return ideas(5, random);
        }
        return generic(task, random);
    }

    private static String ideas(int requested, Random random) {
        int n = Math.max(1, Math.min(requested, IDEA_BANK_SIZE));
        List<Pitch> chosen = pick(IDEAS, n, random);
        StringBuilder out = new StringBuilder();
        out.append("Here are ").append(n).append(n == 1 ? " startup idea" : " startup ideas")
                .append(" that fit the brief, each with a reason it can work now and a first customer to sell to.\n\n");
        for (int i = 0; i < n; i++) {
            Pitch p = chosen.get(i);
            out.append(i + 1).append(". **").append(p.name()).append("** — ").append(p.pitch()).append('\n')
                    .append("   Why now: ").append(capitalize(p.whyNow())).append('\n')
                    .append("   First customer: ").append(capitalize(p.firstCustomer())).append("\n\n");
        }
        out.append("Each of these can reach a paid pilot within twelve weeks with a team of two or three; ")
                .append("if you want the fastest feedback loop, start with #").append(1 + random.nextInt(n))
                .append('.');
        return out.toString();
    }

    private static String critique(String task, Random random) {
        Matcher m = IDEA_LINE.matcher(task);
        String name = m.find() ? m.group(1).split("\\s+[—–-]\\s+", 2)[0].replace("*", "").trim() : "this idea";
        int score = 4 + random.nextInt(6);
        String verdict = score >= 8 ? "strong" : score >= 6 ? "promising" : "weak";
        List<String> strengths = pick(STRENGTHS, 2, random);
        List<String> risks = pick(RISKS, 2, random);
        StringBuilder out = new StringBuilder();
        out.append("Verdict: ").append(verdict).append(" — Score: ").append(score).append("/10\n\n")
                .append("Strengths:\n");
        strengths.forEach(s -> out.append("- ").append(String.format(Locale.ROOT, s, name)).append('\n'));
        out.append("\nRisks:\n");
        risks.forEach(r -> out.append("- ").append(String.format(Locale.ROOT, r, name)).append('\n'));
        out.append("\nNext step: ").append(NEXT_STEPS.get(random.nextInt(NEXT_STEPS.size())));
        return out.toString();
    }

    private record RankEntry(String name, int score, long tieBreak) {
    }

    private static List<RankEntry> rankEntries(String task) {
        List<RankEntry> entries = new ArrayList<>();
        String[] lines = task.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher entry = NUMBERED_ENTRY.matcher(lines[i]);
            if (!entry.matches()) {
                continue;
            }
            String name = entry.group(1).trim();
            int score = -1;
            // The score may sit on the entry's own line or on the indented lines under it.
            for (int j = i; j < lines.length && (j == i || !NUMBERED_ENTRY.matcher(lines[j]).matches()); j++) {
                Matcher s = SCORE.matcher(lines[j]);
                if (s.find()) {
                    score = Integer.parseInt(s.group(1));
                    break;
                }
            }
            entries.add(new RankEntry(name, score, seed(name)));
        }
        return entries;
    }

    private static String ranking(List<RankEntry> entries, Random random) {
        List<RankEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingInt(RankEntry::score).reversed().thenComparingLong(RankEntry::tieBreak));
        StringBuilder out = new StringBuilder("Ranking, most promising first:\n\n");
        for (int i = 0; i < sorted.size(); i++) {
            RankEntry e = sorted.get(i);
            out.append(i + 1).append(". **").append(e.name()).append("** — ").append(reason(i, sorted.size(), e))
                    .append('\n');
        }
        RankEntry top = sorted.get(0);
        out.append("\nTop pick: ").append(top.name()).append(". ")
                .append(random.nextBoolean()
                        ? "It has the shortest path from a pilot to a signed contract."
                        : "It is the one I would fund first if we could fund only one.");
        return out.toString();
    }

    private static String reason(int position, int size, RankEntry e) {
        String scored = e.score() >= 0 ? " (critic score " + e.score() + "/10)" : "";
        if (position == 0) {
            return "clearest path to revenue: the buyer already pays for a worse workaround" + scored + ".";
        }
        if (position == size - 1) {
            return "interesting, but the go-to-market risk is the highest of the batch" + scored + ".";
        }
        if (position < size / 2 + 1) {
            return "solid demand and a reachable first customer; the open question is pricing" + scored + ".";
        }
        return "worth a small experiment first: distribution is unproven" + scored + ".";
    }

    private static String generic(String task, Random random) {
        String topic = task.strip().replaceAll("\\s+", " ");
        if (topic.length() > 60) {
            topic = topic.substring(0, 57) + "...";
        }
        List<String> sentences = pick(GENERIC, 3, random);
        return (topic.isEmpty() ? "" : "On \"" + topic + "\": ") + String.join(" ", sentences);
    }

    /**
     * The reply cut into stream deltas of about four words each; joined, they give the reply back exactly.
     *
     * @param reply the reply text
     * @return the deltas, at least one
     */
    static List<String> deltas(String reply) {
        List<String> deltas = new ArrayList<>();
        Matcher word = WORD.matcher(reply);
        StringBuilder current = new StringBuilder();
        int words = 0;
        while (word.find()) {
            current.append(word.group());
            if (++words == 4) {
                deltas.add(current.toString());
                current.setLength(0);
                words = 0;
            }
        }
        if (current.length() > 0 || deltas.isEmpty()) {
            deltas.add(current.toString());
        }
        return deltas;
    }

    /** {@code n} distinct elements of {@code from}, in a random order (a partial Fisher-Yates shuffle). */
    private static <T> List<T> pick(List<T> from, int n, Random random) {
        List<T> pool = new ArrayList<>(from);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(pool.size() - i);
            T t = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, t);
        }
        return pool.subList(0, n);
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * The first eight bytes of the text's SHA-256: well spread, so that prompts differing by a word pick differently.
     * {@link Random} is used because its sequence for a seed is fixed by its specification on every JVM.
     */
    private static long seed(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long seed = 0;
            for (int i = 0; i < 8; i++) {
                seed = (seed << 8) | (digest[i] & 0xFF);
            }
            return seed;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required on every Java platform", e);
        }
    }
}
