package dev.talon.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium driven through its chromedriver, both named by path: Selenium Manager is never asked,
 * so nothing is downloaded. {@code bin/setup-browser} installs both. Selenium rather than playwright-core: the
 * tests stay in the Java build (JUnit, failsafe, {@link LocalClusterExtension} in the same JVM), with no Node
 * toolchain to install and no browser download to switch off.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("talon.test.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("talon.test.chromedriver", "/usr/bin/chromedriver"));
    /** How long a wait for the page may take: generous, the two cores are shared; it returns as soon as it holds. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final String base;
    private final Path screenshots;

    ConsoleBrowser(String base, Path screenshots) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the console tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": run bin/setup-browser (apt-get install chromium chromium-driver)");
        }
        this.base = base;
        this.screenshots = screenshots;
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--no-first-run", "--disable-extensions", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--lang=en-GB");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
    }

    /** The console with nothing signed in (a fresh tab's sessionStorage). */
    void open() {
        driver.get(base + "/console");
        script("sessionStorage.clear();");
        driver.navigate().refresh();
        await(By.id("signin"));
    }

    void signIn(String role, String tenant, String key) {
        open();
        new Select(driver.findElement(By.id("signin-role"))).selectByValue(role);
        if (tenant != null) {
            driver.findElement(By.id("signin-tenant")).sendKeys(tenant);
        }
        driver.findElement(By.id("signin-key")).sendKeys(key);
        driver.findElement(By.id("signin-submit")).click();
        await(By.id("sign-out"));
        awaitPage("admin".equals(role) ? "#/admin/tenants" : "#/");
    }

    /** Opens a view and waits until it is on the page (app.js marks the body when a view has rendered). */
    void go(String hash) {
        driver.get(base + "/console" + hash);
        awaitPage(hash);
    }

    void awaitPage(String hash) {
        until(d -> hash.equals(script("return document.body.dataset.page || null;")) ? hash : null);
    }

    WebElement await(By what) {
        return until(d -> d.findElements(what).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    WebElement awaitText(By what, String text) {
        return until(d -> d.findElements(what).stream().filter(e -> e.getText().contains(text)).findFirst().orElse(null));
    }

    /** Waits for the condition; on time-out the failure carries what the page showed and the browser logged. */
    <T> T until(Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, WAIT, Duration.ofMillis(100))
                    .ignoring(StaleElementReferenceException.class).until(condition);
        } catch (TimeoutException e) {
            String page = driver.findElement(By.tagName("body")).getText();
            String console = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(entry -> entry.getLevel() + " " + entry.getMessage()).collect(Collectors.joining("\n"));
            throw new AssertionError("the page did not get there; it shows:\n" + page + "\nbrowser console:\n" + console, e);
        }
    }

    /** Says OK to the page's confirm() dialog, once it shows. */
    void acceptDialog() {
        until(d -> {
            try {
                d.switchTo().alert().accept();
                return true;
            } catch (NoAlertPresentException notYet) {
                return null;
            }
        });
    }

    /**
     * What the page logged as errors since the last call (a CSP refusal, an uncaught exception), leaving out the
     * network's own lines for refused API calls, which the page handles.
     */
    List<String> pageErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(entry -> entry.getMessage()).filter(message -> !message.contains("Failed to load resource"))
                .toList();
    }

    List<WebElement> all(By what) {
        return driver.findElements(what);
    }

    WebElement find(By what) {
        return driver.findElement(what);
    }

    Object script(String javascript) {
        return ((JavascriptExecutor) driver).executeScript(javascript);
    }

    String currentHash() {
        return String.valueOf(script("return location.hash;"));
    }

    /** A PNG of the page as it is, in the test's artifacts folder. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(screenshots);
            Path file = screenshots.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
