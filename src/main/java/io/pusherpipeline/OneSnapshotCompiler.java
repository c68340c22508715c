package io.pusherpipeline;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.management.ObjectName;

/**
 * The JIT of a JVM that takes one snapshot and exits (--once): HotSpot's quick compiler (C1) only,
 * what {@code -XX:TieredStopAtLevel=1} does, given from inside as a compiler directive, since
 * {@code java -jar} cannot carry JVM options. Why: in a --once run of 10,000 channels on two cores
 * the optimizing compiler (C2) took about 45% of the CPU, nearly all of it in the first seconds,
 * when start-up and the first requests need the same cores; its faster code pays off only in a
 * process that keeps running. Measured: 0.46 s sooner of 16.7 s (README, Performance).
 * Left alone: a JIT chosen on the command line, and JVMs without these HotSpot facilities.
 */
final class OneSnapshotCompiler {

    private static final String QUICK_COMPILER_ONLY = "[{match: \"*.*\", c2: {Exclude: true}}]";
    private static final List<String> JIT_CHOICES = List.of("TieredStopAtLevel", "TieredCompilation");

    private OneSnapshotCompiler() {
    }

    static void useQuickCompilerOnly() {
        try {
            if (jitChosenOnTheCommandLine(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class))) {
                return;
            }
            // The directive is read from a file only.
            Path directives = Files.createTempFile("pusher-pipeline-jit", ".json");
            try {
                Files.writeString(directives, QUICK_COMPILER_ONLY);
                ManagementFactory.getPlatformMBeanServer().invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                        new Object[] {new String[] {directives.toString()}}, new String[] {String[].class.getName()});
            } finally {
                Files.deleteIfExists(directives);
            }
        } catch (Exception | LinkageError e) {
            // Not HotSpot, or no temporary folder: the default JIT, a little slower to start.
        }
    }

    /** {@code -XX:TieredStopAtLevel=4} (the default) given explicitly keeps the optimizing compiler. */
    static boolean jitChosenOnTheCommandLine(HotSpotDiagnosticMXBean hotSpot) {
        return JIT_CHOICES.stream().map(hotSpot::getVMOption).map(VMOption::getOrigin)
                .anyMatch(origin -> origin != VMOption.Origin.DEFAULT && origin != VMOption.Origin.ERGONOMIC);
    }
}
