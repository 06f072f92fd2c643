package dev.talon.platform.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS towards a Temporal frontend. With no CA the JVM's trust store decides (Temporal Cloud's certificates are
 * publicly trusted); a client certificate and key (PEM, the key in PKCS#8) make it mutual TLS; a server name
 * checks the server's certificate against another name than the target's host (a proxy, an IP address).
 *
 * @param clientCert the client certificate chain (PEM), or empty for server-only TLS
 * @param clientKey  its private key (PEM, PKCS#8), a secret: a mounted file, never in the config itself
 * @param ca         the CA certificates (PEM) that signed the server's certificate, or empty for the JVM's
 * @param serverName the name the server's certificate must carry, or empty for the target's host
 */
public record TemporalTls(Optional<Path> clientCert, Optional<Path> clientKey, Optional<Path> ca,
                          Optional<String> serverName) {

    public TemporalTls {
        if (clientCert.isPresent() != clientKey.isPresent()) {
            throw new IllegalStateException("a Temporal client certificate needs its key and a key its certificate: "
                    + "set both client-cert and client-key, or neither");
        }
        serverName = serverName.map(String::strip).filter(name -> !name.isEmpty());
    }

    /** TLS that trusts the JVM's CAs and sends no client certificate. */
    public static TemporalTls serverOnly() {
        return new TemporalTls(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public boolean mutual() {
        return clientCert.isPresent();
    }

    /**
     * @throws IllegalStateException naming the setting whose file is missing, so a typo fails at start-up and not
     *                               at the first turn
     */
    void checkFilesExist(String settingsPrefix) {
        check(clientCert, settingsPrefix + ".tls.client-cert");
        check(clientKey, settingsPrefix + ".tls.client-key");
        check(ca, settingsPrefix + ".tls.ca");
    }

    private static void check(Optional<Path> file, String setting) {
        file.filter(path -> !Files.isReadable(path)).ifPresent(path -> {
            throw new IllegalStateException(setting + " names " + path + ", which does not exist or cannot be read");
        });
    }
}
