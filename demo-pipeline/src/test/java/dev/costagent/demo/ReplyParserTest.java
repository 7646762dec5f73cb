package dev.costagent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ReplyParserTest {

    @Test
    void readsNumberedIdeasWithTheLinesUnderThem() {
        String reply = String.join("\n",
                "Here are 2 startup ideas.",
                "",
                "1. **DockDesk** — Booking software for small marinas.",
                "   Why now: boat ownership grew.",
                "   First customer: family-owned marinas.",
                "",
                "2. PermitPal: Tracks building permits across city portals.",
                "",
                "Start with #1.");

        List<Idea> ideas = ReplyParser.ideas(reply);

        assertEquals(2, ideas.size());
        assertEquals(new Idea(1, "DockDesk", "Booking software for small marinas.",
                "Why now: boat ownership grew.\nFirst customer: family-owned marinas."), ideas.get(0));
        assertEquals(new Idea(2, "PermitPal", "Tracks building permits across city portals.", ""), ideas.get(1));
    }

    @Test
    void readsVerdictScoreAndTopRiskOfACritique() {
        Idea idea = new Idea(1, "DockDesk", "pitch", "");
        String reply = "Verdict: promising — Score: 7/10\n\nStrengths:\n- Clear buyer.\n\nRisks:\n"
                + "- Seasonal churn.\n- Long sales cycles.\n\nNext step: Interview ten marinas.";

        Critique critique = ReplyParser.critique(idea, reply);

        assertEquals("promising", critique.verdict());
        assertEquals(7, critique.score());
        assertEquals("Seasonal churn.", critique.topRisk());
    }

    @Test
    void critiqueWithoutTheExpectedFormatStillParses() {
        Critique critique = ReplyParser.critique(new Idea(1, "X", "p", ""), "I like it.");

        assertEquals("unknown", critique.verdict());
        assertEquals(0, critique.score());
        assertEquals("", critique.topRisk());
    }

    @Test
    void readsTheRankingAndTheTopPick() {
        String reply = "Ranking, most promising first:\n\n1. **LedgerLens** — clearest path to revenue.\n"
                + "2. **DockDesk** — seasonal.\n\nTop pick: LedgerLens. Fund it.";

        assertEquals(List.of(new RankedIdea(1, "LedgerLens", "clearest path to revenue."),
                new RankedIdea(2, "DockDesk", "seasonal.")), ReplyParser.ranking(reply));
        assertEquals("Top pick: LedgerLens. Fund it.", ReplyParser.topPick(reply));
    }

    @Test
    void fakeRepliesRoundTripThroughTheParser() {
        String ideasReply = FakeReplies.replyTo(Prompts.ideasRequest(6), Prompts.IDEAS_SYSTEM + Prompts.ideasRequest(6));
        List<Idea> ideas = ReplyParser.ideas(ideasReply);
        assertEquals(6, ideas.size());
        assertEquals(6, ideas.stream().map(Idea::name).distinct().count());
        assertTrue(ideas.stream().allMatch(i -> i.details().startsWith("Why now: ")), ideas.toString());

        Critique critique = ReplyParser.critique(ideas.get(0),
                FakeReplies.replyTo(Prompts.critiqueRequest(ideas.get(0)), Prompts.critiqueRequest(ideas.get(0))));
        assertTrue(critique.score() >= 4 && critique.score() <= 9, critique.toString());
        assertTrue(List.of("strong", "promising", "weak").contains(critique.verdict()), critique.toString());
        assertTrue(!critique.topRisk().isEmpty());

        List<Critique> critiques = ideas.stream().map(i -> new Critique(i, "promising", 10 - i.number(), "r", ""))
                .toList();
        List<RankedIdea> ranking = ReplyParser.ranking(
                FakeReplies.replyTo(Prompts.rankingRequest(critiques), Prompts.rankingRequest(critiques)));
        assertEquals(ideas.stream().map(Idea::name).toList(), ranking.stream().map(RankedIdea::name).toList(),
                "the fake ranks by the critic's score, highest first");
    }

    @Test
    void aRequestForMoreIdeasThanTheFakeKnowsGetsAllOfThem() {
        String reply = FakeReplies.replyTo("Generate 40 startup ideas", "Generate 40 startup ideas");

        assertEquals(FakeReplies.IDEA_BANK_SIZE, ReplyParser.ideas(reply).size());
    }
}
