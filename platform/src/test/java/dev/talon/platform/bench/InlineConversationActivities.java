package dev.talon.platform.bench;

import dev.talon.platform.workflow.BuildPromptInput;
import dev.talon.platform.workflow.ConversationActivities;
import dev.talon.platform.workflow.DiscardTurnLogInput;
import dev.talon.platform.workflow.Prompt;
import dev.talon.platform.workflow.RecordTurnInput;

/**
 * The old design, for the history benchmark: the prompt always comes back inline and no turn log is written, so
 * the unchanged workflow carries the whole conversation in every LlmChat input.
 */
final class InlineConversationActivities implements ConversationActivities {

    private final ConversationActivities real;

    InlineConversationActivities(ConversationActivities real) {
        this.real = real;
    }

    @Override
    public Prompt buildPrompt(BuildPromptInput input) {
        return real.buildPrompt(new BuildPromptInput(input.tenant(), input.session(), input.turnId(), input.message(),
                true));
    }

    @Override
    public boolean recordTurn(RecordTurnInput input) {
        return real.recordTurn(input);
    }

    @Override
    public void discardTurnLog(DiscardTurnLogInput input) {
        real.discardTurnLog(input);
    }
}
