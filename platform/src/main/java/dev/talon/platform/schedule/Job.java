package dev.talon.platform.schedule;

/** A checked job: which session it talks to, what it says there, and when. */
public record Job(String id, String session, String message, JobTiming timing) {
}
