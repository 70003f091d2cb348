package ai.mpnas.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the launcher's command line (MPNAS_PRINT_JAVA_COMMAND). */
class LauncherCommandTest {

    private static final Path LAUNCHER = Path.of("mpnas");

    @Test
    void theSameJvmWithOtherArgumentsAndItsOptionsWithoutTheClasspath() {
        LauncherCommand command =
                LauncherCommand.parse(
                        "java\0-XX:TieredStopAtLevel=1\0-Xmx12g\0-cp\0a.jar:b.jar\0"
                                + "ai.mpnas.cli.Main\0cost\0--layers\0my file.json\0",
                        LAUNCHER);
        assertEquals(
                List.of("java", "-XX:TieredStopAtLevel=1", "-Xmx12g", "-cp", "a.jar:b.jar",
                        "ai.mpnas.cli.Main", "cost", "--layers", "my file.json"),
                command.command());
        assertEquals(
                List.of("java", "-XX:TieredStopAtLevel=1", "-Xmx12g", "-cp", "a.jar:b.jar",
                        "ai.mpnas.cli.Main", "--version"),
                command.withArguments(List.of("--version")));
        assertEquals(List.of("-XX:TieredStopAtLevel=1", "-Xmx12g"), command.jvmOptions());
    }

    @Test
    void somethingElseThanAJavaCommandOfMpnasIsRefusedWithWhatWasPrinted() {
        for (String printed :
                new String[] {"", "java\0-cp\0x\0other.Main\0", "java -cp x ai.mpnas.cli.Main",
                    "ai.mpnas.cli.Main\0"}) {
            IllegalStateException e =
                    assertThrows(IllegalStateException.class,
                            () -> LauncherCommand.parse(printed, LAUNCHER));
            assertTrue(e.getMessage().startsWith("mpnas printed no java command"), e.getMessage());
        }
    }

    @Test
    void theLauncherRunsWithThePrintSwitchAndTheGivenEnvironment(@TempDir Path dir)
            throws Exception {
        Path launcher = dir.resolve("mpnas");
        // prints its environment's switches and arguments as a command, as the real one does
        Files.writeString(launcher,
                "#!/bin/sh\nprintf '%s\\0' java \"-Dprint=$MPNAS_PRINT_JAVA_COMMAND\""
                        + " \"-Dfast=${MPNAS_FAST_START-unset}\" -cp x ai.mpnas.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        LauncherCommand usual =
                LauncherCommand.ask(launcher, Map.of(), List.of("cost", "--layers", "a b"));
        assertEquals(List.of("-Dprint=1", "-Dfast=unset"), usual.jvmOptions());
        assertEquals(List.of("cost", "--layers", "a b"), usual.command().subList(6, 9));
        LauncherCommand plain =
                LauncherCommand.ask(launcher, Map.of(LauncherCommand.FAST_START, "0"), List.of());
        assertEquals(List.of("-Dprint=1", "-Dfast=0"), plain.jvmOptions());

        Files.writeString(launcher, "#!/bin/sh\necho 'cannot build' >&2\nexit 3\n");
        IllegalStateException e =
                assertThrows(IllegalStateException.class,
                        () -> LauncherCommand.ask(launcher, Map.of(), List.of("cost")));
        assertEquals(launcher + " exited with 3", e.getMessage());
    }
}
