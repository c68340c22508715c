package io.pusherpipeline;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.management.ObjectName;

/**
 * While the JVM starts, HotSpot's quick compiler (C1) only, what {@code -XX:TieredStopAtLevel=1}
 * does, given from inside as a compiler directive since {@code java -jar} cannot carry JVM options;
 * once Camel has started, both compilers again. Why: on two cores the optimizing compiler (C2)
 * took about 45% of the CPU of a --once run, nearly all of it in the first seconds, when start-up
 * needs the same cores for code it runs only once. Code first made hot during start-up stays with
 * C1; what the snapshots make hot later gets C2 as usual (held back for the whole of a --once run,
 * 100,000 channels took 1 to 4 s longer). Measured: README, Performance.
 * Left alone: a JIT chosen on the command line, and JVMs without these HotSpot facilities.
 */
final class StartUpCompiler {

    private static final String QUICK_COMPILER_ONLY = "[{match: \"*.*\", c2: {Exclude: true}}]";
    private static final List<String> JIT_CHOICES = List.of("TieredStopAtLevel", "TieredCompilation");

    private enum State { DEFAULT, QUICK_ONLY, STARTED }

    private static State state = State.DEFAULT;

    private StartUpCompiler() {
    }

    /** Called first thing, on a thread of its own: the directive takes about 0.15 s to give. */
    static synchronized void quickOnly() {
        if (state != State.DEFAULT) {
            return;
        }
        try {
            if (jitChosenOnTheCommandLine(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class))) {
                return;
            }
            // HotSpot reads a directive from a file only.
            Path directives = Files.createTempFile("pusher-pipeline-jit", ".json");
            try {
                Files.writeString(directives, QUICK_COMPILER_ONLY);
                diagnosticCommand("compilerDirectivesAdd", directives.toString());
            } finally {
                Files.deleteIfExists(directives);
            }
            state = State.QUICK_ONLY;
        } catch (Exception | LinkageError e) {
            // Not HotSpot, or no temporary folder: the default JIT, a little slower to start.
        }
    }

    /** Called once Camel has started: the directive goes, and with it what start-up alone needed. */
    static synchronized void bothCompilers() {
        try {
            if (state == State.QUICK_ONLY) {
                diagnosticCommand("compilerDirectivesRemove");
            }
        } catch (Exception | LinkageError e) {
            // Removing what could be added does not fail; if it did, C1 only is still a working JIT.
        } finally {
            state = State.STARTED;
        }
    }

    /** {@code -XX:TieredStopAtLevel=4} (the default) given explicitly keeps both compilers throughout. */
    private static boolean jitChosenOnTheCommandLine(HotSpotDiagnosticMXBean hotSpot) {
        return JIT_CHOICES.stream().map(hotSpot::getVMOption).map(VMOption::getOrigin)
                .anyMatch(origin -> origin != VMOption.Origin.DEFAULT && origin != VMOption.Origin.ERGONOMIC);
    }

    private static void diagnosticCommand(String operation, String... arguments) throws Exception {
        ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                operation, new Object[] {arguments}, new String[] {String[].class.getName()});
    }
}
