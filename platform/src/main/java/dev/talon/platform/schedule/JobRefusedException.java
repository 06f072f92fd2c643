package dev.talon.platform.schedule;

/** A schedule request that cannot be carried out, with a message the caller (an LLM, a REST client) can act on. */
public final class JobRefusedException extends RuntimeException {

    /** Why: the REST API answers 400, 409, 409 and 404. */
    public enum Reason { INVALID, TOO_MANY, EXISTS, NOT_FOUND }

    private final Reason reason;

    public JobRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static JobRefusedException invalid(String message) {
        return new JobRefusedException(Reason.INVALID, message);
    }
}
