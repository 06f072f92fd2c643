package dev.talon.platform.tenant;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/** The warnings a logger writes while a test runs, formatted, for assertions (add it to the logger, remove after). */
final class CapturedWarnings extends Handler {

    private final List<String> warnings = new CopyOnWriteArrayList<>();

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(new SimpleFormatter().formatMessage(record));
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    /** What was written so far; live, safe to read while the logger writes. */
    List<String> list() {
        return warnings;
    }
}
