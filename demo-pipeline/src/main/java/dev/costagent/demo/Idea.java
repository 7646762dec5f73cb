package dev.costagent.demo;

/**
 * One startup idea as the idea generator proposed it.
 *
 * @param number  its position in the generated list, from 1
 * @param name    the idea's name, e.g. {@code LedgerLens}
 * @param pitch   the one-sentence pitch
 * @param details the lines under the pitch ("Why now", "First customer"), possibly empty
 */
public record Idea(int number, String name, String pitch, String details) {
}
