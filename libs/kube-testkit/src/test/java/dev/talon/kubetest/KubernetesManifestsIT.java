package dev.talon.kubetest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The repository's k8s/ as an operator applies it (docs/operations.md, "Installing"), on a real control plane:
 * the server accepts every manifest (server-side dry-run, PodSecurity admission included: no warnings), and a real
 * apply rolls out — every Deployment Available, the StatefulSet ready, the schema Job Complete — with kwok running
 * the pods on a fake node (no images are pulled; nothing inside a container runs). Then k8s/sandbox/ with the real
 * agent-sandbox controller: the warm pool fills.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesManifestsIT {

    @RegisterExtension
    static final KubeControlPlaneExtension KUBE = new KubeControlPlaneExtension();

    private static final Path K8S = KubeControlPlane.projectDir().resolve("k8s");

    @Test
    @Order(1)
    void everyManifestPassesTheServersDryRunWithoutPodSecurityWarnings() {
        KubeControlPlane kube = KUBE.plane();
        // a dry run creates nothing, namespaces included: those come first, for real
        kube.kubectl("apply", "-f", K8S.resolve("platform/namespace.yaml").toString(),
                "-f", K8S.resolve("temporal/namespace.yaml").toString(),
                "-f", K8S.resolve("sandbox/namespace.yaml").toString());

        CommandOutput all = kube.kubectlOutput(null, "apply", "--dry-run=server", "-k", K8S.toString());
        CommandOutput examples = kube.kubectlOutput(null, "apply", "--dry-run=server",
                "-f", K8S.resolve("platform/secrets.example.yaml").toString(),
                "-f", K8S.resolve("platform/tenants-seed.yaml").toString(),
                "-f", K8S.resolve("temporal/postgres-secret.example.yaml").toString());
        CommandOutput sandbox = kube.kubectlOutput(null, "apply", "--dry-run=server", "-f", K8S.resolve("sandbox").toString());

        assertThat(all.stdout()).contains("deployment.apps/talon-api created (server dry run)",
                "deployment.apps/talon-worker created (server dry run)", "job.batch/temporal-schema created (server dry run)");
        assertThat(sandbox.stdout()).contains("sandboxwarmpool.extensions.agents.x-k8s.io/talon-python created");
        assertThat(examples.stdout()).contains("secret/talon-admin-key created");
        // no KEDA CRDs here: the optional overlay is only built
        assertThat(kube.kubectl("kustomize", K8S.resolve("keda").toString()))
                .contains("kind: ScaledObject", "name: talon-worker", "type: temporal");
        for (CommandOutput output : new CommandOutput[] {all, examples, sandbox}) {
            assertThat(output.stderr()).doesNotContain("PodSecurity").doesNotContainIgnoringCase("warning");
        }
    }

    @Test
    @Order(2)
    void theWholeInstallRollsOutOnAFakeNode() {
        KubeControlPlane kube = KUBE.plane();
        // what a cluster's storage class would do: volumes for the two claims (fake pods mount nothing)
        kube.kubectlWithInput(persistentVolume("talon-test-pv-1") + "---\n" + persistentVolume("talon-test-pv-2")
                + "---\n" + persistentVolume("talon-test-pv-3"), "apply", "-f", "-");
        kube.kubectl("apply", "-f", K8S.resolve("platform/secrets.example.yaml").toString(),
                "-f", K8S.resolve("temporal/postgres-secret.example.yaml").toString());
        kube.kubectl("create", "-f", K8S.resolve("platform/tenants-seed.yaml").toString());

        CommandOutput applied = kube.kubectlOutput(null, "apply", "-k", K8S.toString());

        assertThat(applied.stderr()).doesNotContain("PodSecurity");
        kube.kubectl("-n", "temporal", "wait", "--for=condition=Complete", "job/temporal-schema", "--timeout=120s");
        kube.kubectl("-n", "temporal", "rollout", "status", "statefulset", "--timeout=120s");
        for (String namespace : new String[] {"temporal", "talon"}) {
            kube.kubectl("-n", namespace, "wait", "--for=condition=Available", "deployment", "--all", "--timeout=120s");
        }
        assertThat(kube.kubectl("-n", "talon", "get", "deployments", "-o",
                "jsonpath={range .items[*]}{.metadata.name}={.status.availableReplicas}/{.spec.replicas} {end}"))
                .contains("talon-api=2/2", "talon-worker=3/3");
        assertThat(kube.kubectl("get", "pvc", "-A", "-o", "jsonpath={.items[*].status.phase}")).doesNotContain("Pending");
    }

    @Test
    @Order(3)
    void theSandboxManifestsFillTheirWarmPoolsWithTheRealController() {
        KubeControlPlane kube = KUBE.plane();

        CommandOutput applied = kube.kubectlOutput(null, "apply", "-f", K8S.resolve("sandbox").toString());

        assertThat(applied.stderr()).doesNotContain("PodSecurity");
        kube.kubectl("-n", "talon-sandboxes", "wait", "--for=jsonpath={.status.readyReplicas}=3",
                "sandboxwarmpool/talon-python", "--timeout=120s");
        // the pool that v1alpha1 claims of template talon-python are served from on agent-sandbox >= v0.5.2
        kube.kubectl("-n", "talon-sandboxes", "wait", "--for=jsonpath={.status.readyReplicas}=1",
                "sandboxwarmpool/shadow-pool-talon-python", "--timeout=120s");
    }

    private static String persistentVolume(String name) {
        return """
                apiVersion: v1
                kind: PersistentVolume
                metadata: {name: %s}
                spec:
                  capacity: {storage: 100Gi}
                  accessModes: [ReadWriteOnce, ReadWriteMany]
                  persistentVolumeReclaimPolicy: Retain
                  hostPath: {path: /nonexistent/%s}
                """.formatted(name, name);
    }
}
