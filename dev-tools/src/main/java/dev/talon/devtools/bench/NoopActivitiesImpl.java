package dev.talon.devtools.bench;

/** Returns its input at once. */
public final class NoopActivitiesImpl implements NoopActivities {

    @Override
    public int noop(int step) {
        return step;
    }
}
