package dev.costagent.demo;

/**
 * One line of the final ranking.
 *
 * @param rank   1 for the most promising idea
 * @param name   the idea's name
 * @param reason the ranker's one-sentence reason
 */
public record RankedIdea(int rank, String name, String reason) {
}
