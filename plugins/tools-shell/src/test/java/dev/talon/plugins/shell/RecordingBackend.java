package dev.talon.plugins.shell;

import dev.talon.api.ExecBackend;
import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import java.util.ArrayList;
import java.util.List;

/** Remembers every request and answers with a canned result, or fails the way a backend can. */
final class RecordingBackend implements ExecBackend {

    private enum Behaviour { ANSWER, INTERRUPTED, CRASH }

    final List<ExecRequest> requests = new ArrayList<>();
    private final Behaviour behaviour;
    private final ExecResult answer;

    private RecordingBackend(Behaviour behaviour, ExecResult answer) {
        this.behaviour = behaviour;
        this.answer = answer;
    }

    static RecordingBackend answering(String stdout, String stderr, int exitCode) {
        return new RecordingBackend(Behaviour.ANSWER, new ExecResult(stdout, stderr, exitCode, false));
    }

    static RecordingBackend timingOut(String stdout, String stderr) {
        return new RecordingBackend(Behaviour.ANSWER, new ExecResult(stdout, stderr, -1, true));
    }

    static RecordingBackend interrupted() {
        return new RecordingBackend(Behaviour.INTERRUPTED, null);
    }

    static RecordingBackend crashing() {
        return new RecordingBackend(Behaviour.CRASH, null);
    }

    @Override
    public String id() {
        return "recording";
    }

    @Override
    public ExecResult exec(ExecRequest request) throws InterruptedException {
        requests.add(request);
        return switch (behaviour) {
            case ANSWER -> answer;
            case INTERRUPTED -> throw new InterruptedException("cancelled");
            case CRASH -> throw new IllegalStateException("cannot start sh");
        };
    }
}
