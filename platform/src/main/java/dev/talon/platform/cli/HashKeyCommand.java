package dev.talon.platform.cli;

import dev.talon.platform.tenant.ApiKeys;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints the stored form of an API key, for {@code apiKeys} in tenants.yaml. */
@Command(name = "hash-key", description = "Print the sha256 hash of an API key for tenants.yaml.")
final class HashKeyCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "the key")
    String key;

    @Override
    public Integer call() {
        System.out.println(ApiKeys.hash(key));
        return 0;
    }
}
