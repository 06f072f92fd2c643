package dev.talon.kubetest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every process of the control plane listens on 127.0.0.1 only, read from /proc (no ss/netstat needed). */
class ControlPlaneListenersIT {

    @RegisterExtension
    static final KubeControlPlaneExtension KUBE = new KubeControlPlaneExtension();

    private static final String LOOPBACK_V4 = "0100007F";
    private static final String LOOPBACK_V6 = "00000000000000000000000001000000";

    @Test
    void everyListeningSocketOfEveryProcessIsOnLoopback() throws IOException {
        List<String> listeners = new ArrayList<>();
        try (Stream<Path> pidFiles = Files.list(KUBE.plane().runDir())) {
            for (Path pidFile : pidFiles.filter(p -> p.toString().endsWith(".pid")).toList()) {
                String pid = Files.readString(pidFile).strip();
                Set<String> sockets = socketInodes(pid);
                for (String table : List.of("tcp", "tcp6")) {
                    for (String line : Files.readAllLines(Path.of("/proc", pid, "net", table)).stream().skip(1).toList()) {
                        String[] f = line.trim().split("\\s+");
                        if (f[3].equals("0A") && sockets.contains(f[9])) { // 0A = LISTEN
                            listeners.add(pidFile.getFileName() + " " + f[1]);
                        }
                    }
                }
            }
        }

        assertThat(listeners).as("etcd, kube-apiserver, kwok, controller probes, kubectl proxy").hasSizeGreaterThan(4)
                .allSatisfy(listener -> assertThat(listener.split(" ")[1])
                        .matches(address -> address.startsWith(LOOPBACK_V4 + ":") || address.startsWith(LOOPBACK_V6 + ":"),
                                "a loopback address"));
    }

    private static Set<String> socketInodes(String pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", pid, "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed while we looked
                }
            }
        }
        return inodes;
    }
}
