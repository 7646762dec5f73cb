package dev.costagent.demo;

/**
 * The critic's view of one idea.
 *
 * @param idea    the idea critiqued
 * @param verdict {@code strong}, {@code promising}, {@code weak}, or {@code unknown} when the reply had none
 * @param score   the score out of 10, or 0 when the reply had none
 * @param topRisk the first risk the critic listed, or an empty string
 * @param text    the critic's full reply
 */
public record Critique(Idea idea, String verdict, int score, String topRisk, String text) {
}
