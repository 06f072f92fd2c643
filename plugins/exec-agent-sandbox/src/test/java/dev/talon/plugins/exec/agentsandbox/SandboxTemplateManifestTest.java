package dev.talon.plugins.exec.agentsandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The SandboxTemplates shipped in {@code k8s/sandbox/}, read as the API server would get them: whatever of the
 * data volume a pod mounts is one tenant's workspace, chosen by the claim's {@code TALON_TENANT}; nothing in the
 * pod is root. Read from the files only: no API server checks them here.
 */
@Tag("hostile-model")
@DisplayName("agent-sandbox mounts all tenants' data: the shipped sandbox templates mount only the claim's tenant's "
        + "workspace")
class SandboxTemplateManifestTest {

    private static final Path SANDBOX_MANIFESTS = Path.of("../../k8s/sandbox");
    private static final String TENANT_SUBPATH = "tenants/$(" + ClaimShape.TENANT_ENV + ")/workspace";
    // volume sources that are not host or shared storage
    private static final Set<String> POD_LOCAL = Set.of("emptyDir", "configMap", "secret", "downwardAPI", "projected");

    @Test
    void everyMountOfSharedStorageIsTheClaimsTenantsWorkspaceAndNothingAbove() throws IOException {
        List<Map<String, Object>> templates = templates();
        assertThat(templates).as("SandboxTemplates in " + SANDBOX_MANIFESTS).isNotEmpty();

        for (Map<String, Object> template : templates) {
            Map<String, Object> pod = podSpec(template);
            for (Map<String, Object> volume : list(pod.get("volumes"))) {
                assertThat(volume).as(name(template) + ": no hostPath").doesNotContainKey("hostPath");
                if (volume.keySet().stream().anyMatch(POD_LOCAL::contains)) {
                    continue;
                }
                for (Map<String, Object> mount : mountsOf(pod, String.valueOf(volume.get("name")))) {
                    assertThat(mount).as(name(template) + " mounts " + volume.get("name"))
                            .containsEntry("subPathExpr", TENANT_SUBPATH)
                            .doesNotContainKey("subPath");
                }
            }
        }
    }

    @Test
    void theWorkspaceTemplateMountsTheTenantsWorkspaceWhereThePluginStartsCommands() throws IOException {
        Map<String, Object> template = templates().stream()
                .filter(t -> name(t).equals("talon-python-workspace")).findFirst().orElseThrow(() ->
                        new AssertionError("no SandboxTemplate talon-python-workspace in " + SANDBOX_MANIFESTS));
        Map<String, Object> spec = Json.map(template.get("spec"));
        Map<String, Object> runtime = list(podSpec(template).get("containers")).getFirst();

        // claims may add TALON_TENANT, and the template leaves it to them
        assertThat(spec).containsEntry("envVarsInjectionPolicy", "Allowed");
        assertThat(list(runtime.get("env"))).noneMatch(env -> ClaimShape.TENANT_ENV.equals(env.get("name")));
        assertThat(list(runtime.get("volumeMounts"))).anySatisfy(mount -> assertThat(mount)
                .containsEntry("mountPath", Settings.DEFAULT_WORKSPACE_PATH)
                .containsEntry("subPathExpr", TENANT_SUBPATH));
    }

    @Test
    void nothingInASandboxPodIsRootOrCanBecomeIt() throws IOException {
        for (Map<String, Object> template : templates()) {
            Map<String, Object> pod = podSpec(template);
            assertThat(pod).as(name(template)).containsEntry("automountServiceAccountToken", false);
            assertThat(Json.map(pod.get("securityContext"))).as(name(template)).containsEntry("runAsNonRoot", true)
                    .doesNotContainEntry("runAsUser", 0);
            for (Map<String, Object> container : list(pod.get("containers"))) {
                Map<String, Object> security = Json.map(container.get("securityContext"));
                assertThat(security).as(name(template)).containsEntry("allowPrivilegeEscalation", false)
                        .doesNotContainKey("privileged");
                assertThat(Json.map(security.get("capabilities"))).as(name(template))
                        .containsEntry("drop", List.of("ALL")).doesNotContainKey("add");
            }
        }
    }

    private static List<Map<String, Object>> templates() throws IOException {
        List<Map<String, Object>> templates = new ArrayList<>();
        try (Stream<Path> files = Files.list(SANDBOX_MANIFESTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    for (Object document : new Yaml().loadAll(reader)) {
                        Map<String, Object> object = Json.map(document);
                        if ("SandboxTemplate".equals(object.get("kind"))) {
                            templates.add(object);
                        }
                    }
                }
            }
        }
        return templates;
    }

    private static Map<String, Object> podSpec(Map<String, Object> template) {
        return Json.map(Json.map(Json.map(template.get("spec")).get("podTemplate")).get("spec"));
    }

    private static List<Map<String, Object>> mountsOf(Map<String, Object> pod, String volume) {
        List<Map<String, Object>> mounts = new ArrayList<>();
        for (String kind : List.of("initContainers", "containers")) {
            for (Map<String, Object> container : list(pod.get(kind))) {
                list(container.get("volumeMounts")).stream()
                        .filter(mount -> volume.equals(mount.get("name")))
                        .forEach(mounts::add);
            }
        }
        return mounts;
    }

    private static List<Map<String, Object>> list(Object value) {
        return Json.list(value).stream().map(Json::map).toList();
    }

    private static String name(Map<String, Object> template) {
        return Json.string(Json.map(template.get("metadata")).get("name"));
    }
}
