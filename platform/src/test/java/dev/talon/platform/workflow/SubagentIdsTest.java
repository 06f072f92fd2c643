package dev.talon.platform.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.platform.tenant.Ids;
import org.junit.jupiter.api.Test;

/** A subagent's ids are valid ids however long its parent's are, and differ per parent. */
class SubagentIdsTest {

    @Test
    void shortParentsAreKeptReadable() {
        assertThat(SubagentIds.session("main", "research")).isEqualTo("subagent.main.research");
        assertThat(SubagentIds.turnId("t-1", 2, 3)).isEqualTo("t-1.sub2-3");
    }

    @Test
    void aParentTooLongForTheIdIsReplacedByADigestThatStillTellsParentsApart() {
        String longSession = "s".repeat(128);
        String session = SubagentIds.session(longSession, "research");
        String other = SubagentIds.session("t".repeat(128), "research");

        assertThat(Ids.isValid(session)).as(session).isTrue();
        assertThat(session).startsWith("subagent.h").endsWith(".research").isNotEqualTo(other);
        assertThat(SubagentIds.session(longSession, "research")).isEqualTo(session); // deterministic: workflow code
        assertThat(Ids.isValid(SubagentIds.turnId("x".repeat(128), 40, 12))).isTrue();
    }
}
