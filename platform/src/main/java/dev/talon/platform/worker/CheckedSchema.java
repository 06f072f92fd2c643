package dev.talon.platform.worker;

import com.networknt.schema.Schema;

/** A tool's parameters schema as the platform found it: compiled, or broken with the reason. */
sealed interface CheckedSchema {

    /** A schema that compiled and is itself valid. */
    record Usable(Schema schema) implements CheckedSchema {
    }

    /** A schema the platform cannot check arguments against; every call of the tool gets this reason. */
    record Broken(String reason) implements CheckedSchema {
    }
}
