package dev.talon.platform.prompt;

/** A SKILL.md that is not a usable skill; the message says why, for the prompt's note and the log. */
final class InvalidSkillException extends Exception {

    InvalidSkillException(String message) {
        super(message);
    }
}
