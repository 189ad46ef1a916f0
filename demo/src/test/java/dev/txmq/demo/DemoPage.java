package dev.txmq.demo;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The demo page (war-sample's index.html) in headless Chromium, found by the {@code data-testid}
 * attributes the page documents at its top. Debian's chromium and chromium-driver only: with the
 * driver and the browser given, Selenium Manager never runs, so nothing is downloaded.
 */
final class DemoPage implements AutoCloseable {

    /** Debian's; -Dtxmq.demo.chromium and -Dtxmq.demo.chromedriver name others. */
    static final Path CHROMIUM = Path.of(System.getProperty("txmq.demo.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("txmq.demo.chromedriver", "/usr/bin/chromedriver"));

    private final ChromeDriver driver;
    private final Path profile;

    private DemoPage(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static boolean browserInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * Opens {@code page} in a new browser with a fresh profile. The flags: headless as root in a
     * container, and none of Chromium's background calls to Google's services (an offline machine
     * refuses them, and Chromium keeps retrying).
     */
    static DemoPage open(URI page) throws IOException {
        Path profile = Files.createTempDirectory("txmq-demo-chromium");
        DemoPage demoPage = new DemoPage(chromium(profile), profile);
        demoPage.driver.get(page.toString());
        return demoPage;
    }

    /** A headless Chromium with the profile {@code profile}; the flags are explained at {@link #open}. */
    static ChromeDriver chromium(Path profile) {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--user-data-dir=" + profile, "--window-size=1400,1650");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .build();
        return new ChromeDriver(service, options);
    }

    /**
     * Clicks the button {@code testId} and waits for the page to show the answer.
     *
     * @return the answer's correlation id: the id that the rows the action caused carry
     */
    String click(String testId, Duration timeout) {
        WebElement result = byTestId("last-result");
        String before = result.getDomAttribute("data-correlation-id");
        byTestId(testId).click();
        return await("the answer to " + testId).atMost(timeout).until(() -> {
            if ("problem".equals(result.getDomAttribute("data-outcome"))) {
                throw new AssertionError(testId + " answered a problem: " + result.getText());
            }
            String after = result.getDomAttribute("data-correlation-id");
            return "ok".equals(result.getDomAttribute("data-outcome")) && after != null && !after.equals(before)
                    ? after : null;
        }, id -> id != null);
    }

    void check(String testId, boolean checked) {
        WebElement box = byTestId(testId);
        if (box.isSelected() != checked) {
            box.click();
        }
    }

    /**
     * Reads the rows {@code rowTestId} (e.g. processed-row) in one go, so a redraw in between cannot
     * leave stale elements.
     *
     * @return per row its {@code data-*} attributes by their dataset name (data-correlation-id is
     *         correlationId) and its text under "text"
     */
    @SuppressWarnings("unchecked")
    List<Map<String, String>> rows(String rowTestId) {
        return (List<Map<String, String>>) ((JavascriptExecutor) driver).executeScript(
                "return Array.from(document.querySelectorAll(`[data-testid='${arguments[0]}']`))"
                        + ".map(row => Object.assign({text: row.textContent}, row.dataset));", rowTestId);
    }

    /** Saves what the page looks like now, from its top, as a PNG. */
    void screenshot(Path png) throws IOException {
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.copy(shot.toPath(), png, StandardCopyOption.REPLACE_EXISTING);
    }

    private WebElement byTestId(String testId) {
        return driver.findElement(By.cssSelector("[data-testid='" + testId + "']"));
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var paths = Files.walk(profile)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
