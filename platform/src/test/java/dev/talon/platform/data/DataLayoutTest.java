package dev.talon.platform.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLayoutTest {

    @TempDir
    Path dataDir;

    @Test
    @Tag("hostile-model")
    void tenantDataIsOwnerOnly() throws Exception {
        // made by someone else first, with the usual umask: the layout still closes it
        Files.createDirectories(dataDir.resolve("tenants/acme/sessions"));

        new DataLayout(dataDir).workspace("acme");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("tenants"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("tenants/acme"))))
                .isEqualTo("rwx------");
    }
}
