package dev.talon.devtools;

/**
 * What a chaos run measured.
 *
 * @param turns      turns submitted
 * @param completed  turns whose GET /turns/{id} said completed
 * @param lost       submitted minus completed
 * @param duplicates stored session lines whose (turn_id, role, content, tool_call_id) repeats an earlier line
 * @param faulty     completed turns with a wrong reply or without exactly their four session lines
 */
public record ChaosSummary(int turns, int completed, int lost, int duplicates, int faulty) {

    /** The one summary line: {@code chaos: turns=N completed=N lost=0 duplicates=0}. */
    public String line() {
        return "chaos: turns=" + turns + " completed=" + completed + " lost=" + lost + " duplicates=" + duplicates;
    }

    public boolean ok() {
        return lost == 0 && duplicates == 0 && faulty == 0;
    }
}
