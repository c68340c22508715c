package io.pusherpipeline.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium (installed by .ci/run): loads a page, runs its scripts until they are
 * idle (network included) and gives the rendered DOM, or a screenshot.
 */
final class Chromium {

    private static final int BUDGET_MS = 10_000;

    private Chromium() {
    }

    /** The DOM after the page's scripts ran, serialized as HTML. */
    static String renderedDom(String url, Path workDir) throws IOException, InterruptedException {
        return run(workDir, "--dump-dom", url);
    }

    static void screenshot(String url, Path png, Path workDir) throws IOException, InterruptedException {
        Files.createDirectories(png.getParent());
        run(workDir, "--screenshot=" + png.toAbsolutePath(), "--window-size=1280,1400", url);
    }

    private static String run(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + workDir.resolve("chromium-profile"),
                "--virtual-time-budget=" + BUDGET_MS));
        command.addAll(List.of(args));
        Path out = workDir.resolve("chromium.out");
        Process chromium;
        try {
            chromium = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(workDir.resolve("chromium.err").toFile()).start();
        } catch (IOException e) {
            throw new IOException("No chromium on the PATH: apt-get install chromium (.ci/run does)", e);
        }
        if (!chromium.waitFor(60, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 60 s: " + Files.readString(workDir.resolve("chromium.err")));
        }
        if (chromium.exitValue() != 0) {
            throw new IllegalStateException("chromium exited " + chromium.exitValue() + ": " + Files.readString(workDir.resolve("chromium.err")));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
