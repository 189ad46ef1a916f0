package dev.txmq.demo;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** The txmq console (console/src/main/webapp) in headless Chromium, logged in as a user of role txmq-admin. */
final class ConsolePage implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final ChromeDriver driver;
    private final Path profile;

    private ConsolePage(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Opens the console at {@code console}, answering its BASIC login with {@code user} and {@code password}. */
    static ConsolePage open(URI console, String user, String password) throws IOException {
        Path profile = Files.createTempDirectory("txmq-console-chromium");
        ConsolePage page = new ConsolePage(DemoPage.chromium(profile), profile);
        page.driver.get(URI.create(console.getScheme() + "://" + user + ":" + password + "@" + console.getAuthority()
                + console.getPath()).toString());
        return page;
    }

    /** Clicks the row of {@code queue} in the queue table, once it is listed. */
    void select(String queue) {
        element("#queues tr[data-queue='" + queue + "']").click();
    }

    /** The count the histogram shows for {@code exception}. */
    long failureCount(String exception) {
        return Long.parseLong(element("#failures tr[data-exception='" + exception + "'] td.count").getText().strip());
    }

    /** Clicks Replay on the histogram's row of {@code exception}; returns the dry run's question. */
    String replay(String exception) {
        element("#failures tr[data-exception='" + exception + "'] button.replay").click();
        return await().atMost(TIMEOUT).until(() -> element("#confirm-text").getText(), text -> !text.isBlank());
    }

    /** Confirms the pending replay or purge; returns what the console then says it did. */
    String confirm() {
        element("#confirm-yes").click();
        return await().atMost(TIMEOUT).until(() -> element("#result").getText(), text -> !text.isBlank());
    }

    /**
     * What a form on another site gets when it posts to {@code target} with this browser's cached
     * credentials: the page of the answer, as text.
     */
    String crossSitePost(URI target) {
        String form = "<form method='post' enctype='text/plain' action='" + target + "'><input name='{}' value=''></form>"
                + "<script>document.forms[0].submit()</script>";
        driver.get("data:text/html," + URLEncoder.encode(form, StandardCharsets.UTF_8).replace("+", "%20"));
        return await().atMost(TIMEOUT).until(() -> driver.getCurrentUrl().startsWith("http")
                ? driver.findElement(By.tagName("body")).getText() : null, text -> text != null);
    }

    void screenshot(Path png) throws IOException {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.copy(shot.toPath(), png, StandardCopyOption.REPLACE_EXISTING);
    }

    private WebElement element(String css) {
        return await().atMost(TIMEOUT).ignoreExceptions().until(() -> driver.findElement(By.cssSelector(css)), WebElement::isDisplayed);
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var paths = Files.walk(profile)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
