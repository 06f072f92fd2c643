package dev.talon.platform.budget;

import java.math.BigDecimal;

/**
 * Budget held for one LLM call until it settles: its estimated tokens and cost, on the day it was made.
 *
 * @param day the UTC day ({@code 2026-12-02}); the month is its first seven characters
 * @param at  when it was made (ISO-8601 instant)
 */
public record Reservation(String day, String at, long tokens, BigDecimal costUsd) {

    public Reservation {
        costUsd = costUsd == null ? BigDecimal.ZERO : costUsd;
    }
}
