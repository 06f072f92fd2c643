package dev.talon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.platform.tenant.ApiKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The agent console in headless Chromium against a real cluster (Temporal dev server, a worker process, a REST
 * server process) with provider-scripted: the page calls only the public API, as the signed-in user.
 * Screenshots of the main pages go to {@code testkit/target/console-screenshots/}.
 */
class ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENANT = "console";
    private static final String KEY = "fake-console-key";
    private static final String ADMIN_KEY = "fake-console-admin-key";
    private static final Path SCREENSHOTS = LocalClusterExtension.projectDir().resolve("testkit/target/console-screenshots");

    private static final String STREAM_TENANT = "console-stream";
    private static final String STREAM_KEY = "fake-console-stream-key";
    private static final List<String> DELTAS = List.of("Words ", "show ", "up ", "one ", "by ", "one.");
    // started before the cluster: the streaming tenant's provider URL names its port
    private static final SlowStreamingLlm LLM = SlowStreamingLlm.start(DELTAS, Duration.ofMillis(700));

    @RegisterExtension
    static final LocalClusterExtension LOCAL = LocalClusterExtension.named("console")
            .withJvmFlags("-Dtalon.admin.key=" + ADMIN_KEY)
            .withTenants("""
                      %s:
                        apiKeys: [%s]
                        namespace: %s
                        taskQueue: talon-console
                        plugins: [tools-workspace, tools-shell, exec-local, provider-scripted]
                        provider: {plugin: provider-scripted, model: scripted, options: {stream_words: "true"}}
                        exec: {backend: local, trusted: true}
                        approval: {tools: [write_file], timeoutSeconds: 300}
                        budget: {tokensPerDay: 2000000}
                      %s:
                        apiKeys: [%s]
                        namespace: %s
                        taskQueue: talon-console-stream
                        plugins: [provider-openai]
                        provider: {plugin: provider-openai, model: slow-stub, baseUrl: %s, timeoutSeconds: 30}
                    """.formatted(TENANT, JSON.valueToTree(ApiKeys.hash(KEY)).toString(), LocalCluster.NAMESPACE,
                    STREAM_TENANT, JSON.valueToTree(ApiKeys.hash(STREAM_KEY)).toString(), LocalCluster.NAMESPACE,
                    JSON.valueToTree(LLM.baseUrl()).toString()));

    private static String base;
    private static ConsoleBrowser browser;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void openTheBrowser() {
        base = "http://127.0.0.1:" + LOCAL.cluster().server().orElseThrow().port();
        browser = new ConsoleBrowser(base, SCREENSHOTS);
    }

    @AfterAll
    static void closeTheBrowserAndTheLlm() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            LLM.close();
        }
    }

    @Test
    void theConsoleIsServedWithAPolicyThatForbidsInlineScriptsAndStyles() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/console")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
                .contains("default-src 'self'", "script-src 'self'", "style-src 'self'").doesNotContain("unsafe-inline"));
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("<style").doesNotContain(" style=");
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(base + "/console/nothing.js")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void aWrongKeyIsRefusedInPlaceAndARightOneShowsTheTenantsHome() {
        browser.open();
        browser.find(By.id("signin-tenant")).sendKeys(TENANT);
        browser.find(By.id("signin-key")).sendKeys("fake-wrong-key");
        browser.find(By.id("signin-submit")).click();
        assertThat(browser.awaitText(By.id("signin-problem"), "invalid_api_key").getText()).contains("invalid_api_key");
        assertThat(browser.script("return sessionStorage.length")).isEqualTo(0L);

        browser.signIn("tenant", TENANT, KEY);
        assertThat(browser.await(By.id("usage")).getText()).contains("today").contains("of 2000000");
        browser.await(By.id("start-turn"));
        browser.screenshot("tenant-home");
    }

    @Test
    void aScriptedToolTurnShowsItsStepsAsTheyHappenThenTheReply() throws Exception {
        browser.signIn("tenant", TENANT, KEY);
        String session = "watch-" + shortId();
        startTurn(session, "/call exec {\"command\":\"sleep 3; echo hello-from-the-tool\"}");

        // the tool card shows while the command still sleeps, then its result, worker and duration
        WebElement running = browser.await(By.cssSelector("#steps .step.tool.running"));
        assertThat(running.getText()).contains("exec").contains("sleep 3");
        WebElement done = browser.await(By.cssSelector("#steps .step.tool.done"));
        assertThat(done.findElement(By.cssSelector(".result")).getText()).contains("hello-from-the-tool");
        assertThat(done.getText()).contains("worker").contains("duration").contains("attempts 1");
        browser.awaitText(By.id("turn-status"), "completed");
        WebElement firstStep = browser.find(By.cssSelector("#steps .step.llm[data-step='1']"));
        assertThat(firstStep.getText()).contains("tokens").contains("latency");
        assertThat(browser.awaitText(By.id("reply"), "hello-from-the-tool").getText()).contains("exec");
        assertThat(browser.find(By.id("conversation")).getText()).contains("sleep 3");
        assertThat(browser.find(By.id("cancel")).isDisplayed()).isFalse();
        assertThat(browser.pageErrors()).as("CSP refusals or script errors").isEmpty();
        browser.screenshot("turn");

        // the session page lists the recorded turn
        browser.go("#/sessions/" + session);
        assertThat(browser.await(By.cssSelector("#session-turns .turn-block")).getText()).contains("hello-from-the-tool");
        browser.go("#/");
        browser.await(By.id("turns"));
        assertThat(browser.find(By.id("sessions")).getText()).contains(session);
    }

    @Test
    void theAnswerShowsWordByWordWhileTheModelStreamsIt() {
        browser.signIn("tenant", STREAM_TENANT, STREAM_KEY);
        startTurn("stream-" + shortId(), "tell me slowly");

        // the first words are on the page while the LLM call still runs (the stub holds the rest back)
        WebElement step = browser.await(By.cssSelector("#steps .step.llm.running[data-streamed='yes']"));
        assertThat(step.findElement(By.cssSelector(".delta")).getText()).startsWith("Words");
        assertThat(step.getAttribute("class")).contains("running");
        browser.screenshot("streaming");
        browser.awaitText(By.id("turn-status"), "completed");
        assertThat(browser.awaitText(By.id("reply"), "one by one.").getText()).contains(String.join("", DELTAS).strip());
    }

    @Test
    void aCallWaitingForApprovalRunsOnceApprovedInThePage() {
        browser.signIn("tenant", TENANT, KEY);
        String name = "approved-" + shortId() + ".txt";
        startTurn("approvals-" + shortId(), "/call write_file {\"path\":\"" + name + "\",\"content\":\"ok\"}");

        WebElement approval = browser.await(By.cssSelector("#approvals .approval"));
        assertThat(approval.getText()).contains("write_file").contains(name);
        Path file = LOCAL.cluster().dataDir().resolve("tenants").resolve(TENANT).resolve("workspace").resolve(name);
        assertThat(file).doesNotExist();
        browser.screenshot("approval");

        approval.findElement(By.cssSelector("button.approve")).click();
        browser.awaitText(By.cssSelector("#approvals .approval .outcome"), "approved");
        browser.awaitText(By.id("turn-status"), "completed");
        assertThat(browser.await(By.cssSelector("#steps .step.tool.done")).getText()).contains("write_file");
        assertThat(file).hasContent("ok");
    }

    @Test
    void aCallDeniedInThePageNeverRunsAndTheModelReadsTheDenial() {
        browser.signIn("tenant", TENANT, KEY);
        String name = "denied-" + shortId() + ".txt";
        startTurn("denials-" + shortId(), "/call write_file {\"path\":\"" + name + "\",\"content\":\"no\"}");

        browser.await(By.cssSelector("#approvals .approval button.deny")).click();
        browser.awaitText(By.cssSelector("#approvals .approval .outcome"), "denied");
        browser.awaitText(By.id("turn-status"), "completed");
        assertThat(browser.await(By.cssSelector("#steps .step.tool")).getText()).contains("write_file").contains("denied");
        assertThat(LOCAL.cluster().dataDir().resolve("tenants").resolve(TENANT).resolve("workspace").resolve(name))
                .doesNotExist();
    }

    @Test
    void aRunningTurnIsCancelledFromThePage() {
        browser.signIn("tenant", TENANT, KEY);
        startTurn("cancel-" + shortId(), "/call exec {\"command\":\"sleep 120\"}");

        browser.await(By.cssSelector("#steps .step.tool.running"));
        browser.await(By.id("cancel")).click();
        browser.awaitText(By.id("turn-status"), "cancelled");
        assertThat(browser.find(By.id("cancel")).isDisplayed()).isFalse();
    }

    @Test
    @Tag("hostile-model")
    void htmlAndScriptInAToolResultAreShownAsTextAndNeverRun() {
        browser.signIn("tenant", TENANT, KEY);
        String payload = "<img src=x onerror=window.talonXss=1><script>window.talonXss=2</script><u>underlined</u>";
        startTurn("xss-" + shortId(), "/call exec {\"command\":\"echo '" + payload + "'\"}");

        WebElement result = browser.awaitText(By.cssSelector("#steps .step.tool .result"), "<script>");
        assertThat(result.getText()).contains(payload);
        browser.awaitText(By.id("turn-status"), "completed");
        browser.awaitText(By.id("reply"), "<script>");
        assertThat(browser.script("return typeof window.talonXss")).isEqualTo("undefined");
        assertThat(browser.all(By.cssSelector("#app img, #app script, #app u"))).isEmpty();
        browser.screenshot("xss-inert");

        // and were markup ever to get in, the policy stops inline script: the browser refuses it and says so
        browser.pageErrors();
        browser.script("const s = document.createElement('script'); s.textContent = 'window.talonInline = 1';"
                + " document.body.append(s);");
        assertThat(browser.script("return typeof window.talonInline")).isEqualTo("undefined");
        String refusal = browser.until(d -> browser.pageErrors().stream()
                .filter(m -> m.contains("Content Security Policy")).findFirst().orElse(null));
        assertThat(refusal).contains("script-src 'self'");
    }

    @Test
    void anAdminCreatesATenantSeesItsProblemsInPlaceAndMakesAKeyThatWorks() throws Exception {
        browser.signIn("admin", null, ADMIN_KEY);
        assertThat(browser.await(By.id("tenants")).getText()).contains(TENANT).contains(LocalCluster.TENANT);
        browser.screenshot("admin-tenants");

        String id = "made-" + shortId();
        browser.find(By.id("tenant-id")).sendKeys(id);
        WebElement limits = browser.find(By.id("tenant-limits"));
        limits.sendKeys("{\"maxIterations\": 0}");
        browser.find(By.id("tenant-save")).click();
        WebElement problem = browser.awaitText(By.cssSelector("[data-problem-for='limits']"), "maxIterations");
        assertThat(problem.getText()).contains("limits.maxIterations must be between 1 and 1000");
        browser.screenshot("admin-tenant-problem");

        limits.clear();
        browser.find(By.id("tenant-save")).click();
        browser.awaitPage("#/admin/tenants/" + id);
        browser.await(By.id("make-key")).click();
        String key = browser.await(By.id("new-key-value")).getText();
        assertThat(key).isNotBlank();
        browser.screenshot("admin-new-key");

        HttpResponse<String> usage = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/tenants/" + id + "/usage"))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(usage.statusCode()).as(usage.body()).isEqualTo(200);

        // revoked from the page (after its confirm dialog): the key no longer works
        browser.go("#/admin/tenants");
        browser.go("#/admin/tenants/" + id);
        browser.await(By.cssSelector("#keys li button.revoke")).click();
        browser.acceptDialog();
        browser.until(d -> browser.all(By.cssSelector("#keys li")).isEmpty() ? true : null);
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/tenants/" + id + "/usage"))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);

        browser.go("#/admin/plugins");
        assertThat(browser.await(By.cssSelector("#plugins tr[data-plugin='provider-scripted'] .users")).getText())
                .contains(TENANT).contains(id);
        browser.screenshot("admin-plugins");
        // a plugin no tenant uses is switched off and on again from its row
        By web = By.cssSelector("#plugins tr[data-plugin='tools-web']");
        browser.await(web).findElement(By.cssSelector("button.toggle")).click();
        browser.awaitText(web, "Enable").findElement(By.cssSelector("button.toggle")).click();
        browser.awaitText(web, "Disable");
        browser.go("#/admin/health");
        assertThat(browser.await(By.id("temporal-health")).getText()).contains("serving");
        browser.awaitText(By.cssSelector("#workers tr[data-tenant='console']"), "activities");
        browser.screenshot("admin-health");
    }

    private void startTurn(String session, String message) {
        browser.go("#/");
        browser.await(By.id("turn-session")).clear();
        browser.find(By.id("turn-session")).sendKeys(session);
        browser.find(By.id("turn-message")).sendKeys(message);
        browser.find(By.id("turn-submit")).click();
        browser.until(d -> browser.currentHash().startsWith("#/turns/") ? true : null);
        browser.awaitPage(browser.currentHash());
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
