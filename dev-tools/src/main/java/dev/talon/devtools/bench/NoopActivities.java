package dev.talon.devtools.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** An activity that does nothing: what is left of it is Temporal's own cost. */
@ActivityInterface
public interface NoopActivities {

    @ActivityMethod
    int noop(int step);
}
