package ai.mpnas.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.cli.ExitCodes;
import ai.mpnas.formats.ProtocolRow;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.cost.CostMetric;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The protocol's resume logic, with a runner that records each command and fakes its files. */
class ProtocolSweepTest {

    /** Thrown by the fake runner where the sweep's JVM is killed. */
    static final class Killed extends RuntimeException {}

    /**
     * Records every command; fakes what search, train and export write (a checkpoint first, the
     * result last); dies at call {@code killAt} after the checkpoint, before the result.
     */
    static final class RecordingRunner implements PointRunner {
        final List<List<String>> calls = new ArrayList<>();
        final int killAt;

        RecordingRunner(int killAt) {
            this.killAt = killAt;
        }

        @Override
        public Outcome run(List<String> args, Path log) throws IOException {
            calls.add(args);
            String command = args.get(0);
            if (impossible(args)) {
                if (calls.size() - 1 == killAt) {
                    throw new Killed(); // while it was pricing: nothing written yet
                }
                return new Outcome(ExitCodes.BAD_INPUT,
                        "mpnas search: energy budget u2 = 200 nJ is impossible: the cheapest architecture costs 210 nJ\n");
            }
            Path run = Path.of(value(args, args.contains("--run") ? "--run" : "--out"));
            Path partial = switch (command) {
                case "search" -> run.resolve("checkpoints");
                case "train" -> run.resolve("train-checkpoints");
                default -> run.resolve("export/onnx");
            };
            Files.createDirectories(partial.resolve("step-1"));
            Files.writeString(partial.resolve("latest"), "step-1\n");
            if (calls.size() - 1 == killAt) {
                throw new Killed();
            }
            Path result = switch (command) {
                case "search" -> run.resolve("architecture.json");
                case "train" -> run.resolve("metrics.json");
                default -> run.resolve("export/onnx/model.onnx");
            };
            Files.writeString(result, "{\"top1\": 0.8, \"energy_nJ\": 300, \"architecture\": \"e6k3w4a4\"}");
            return new Outcome(0, "");
        }
    }

    private static boolean impossible(List<String> args) {
        return args.get(0).equals("search") && args.contains("--fix-architecture") && args.contains("u2");
    }

    private static String value(List<String> args, String option) {
        return args.get(args.indexOf(option) + 1);
    }

    private static final ProtocolPricing PRICING = new ProtocolPricing() {
        @Override
        public double uniformEnergyNj(int bits) {
            return 100.0 * bits;
        }

        @Override
        public double relative(Budget budget) {
            return budget.resolve(CostMetric.ENERGY, this::uniformEnergyNj, 1) / 800;
        }

        @Override
        public Optional<String> infeasible(Contender contender, Budget budget) {
            return Optional.empty();
        }
    };

    private static ProtocolPlan plan() {
        Recipe recipe = new Recipe("fashion-mnist", 2, 1, 3, 1, 64, 10, 2, List.of("--bit-modes", "exact"),
                List.of("--data-dir", "fixture"), List.of(), false);
        return new ProtocolPlan(List.of("u2", "u4"), List.of(1L),
                List.of(Contender.JOINT, Contender.BITS_ONLY, Contender.RANDOM), List.of(4), recipe);
    }

    private static List<ProtocolRow> sweep(Path dir, PointRunner runner) throws Exception {
        return ProtocolSweep.builder().setPlan(plan()).setRunner(runner).setPricing(PRICING)
                .setOutput(dir).optLog(new PrintWriter(new StringWriter())).build().run();
    }

    /** A command's kind and directory: what must run once however often the sweep is killed. */
    private static String key(List<String> args) {
        return args.get(0) + " " + value(args, args.contains("--run") ? "--run" : "--out");
    }

    @Test
    void aKilledSweepResumesAtEveryCommandAndNeverRerunsFinishedWork(@TempDir Path tmp) throws Exception {
        RecordingRunner clean = new RecordingRunner(-1);
        List<ProtocolRow> expected = sweep(tmp.resolve("clean"), clean);
        assertEquals(7, expected.size(), "6 budget points and uniform-4");
        int total = clean.calls.size();
        assertEquals(16, total);
        for (int kill = 0; kill < total; kill++) {
            Path dir = tmp.resolve("kill-" + kill);
            RecordingRunner first = new RecordingRunner(kill);
            assertThrows(Killed.class, () -> sweep(dir, first));
            RecordingRunner second = new RecordingRunner(-1);
            assertEquals(expected.size(), sweep(dir, second).size());
            // every command finished once: those finished before the kill never run again
            Map<String, Integer> finished = new HashMap<>();
            first.calls.subList(0, kill).forEach(a -> finished.merge(key(a), 1, Integer::sum));
            second.calls.forEach(a -> finished.merge(key(a), 1, Integer::sum));
            assertEquals(total, finished.size(), "kill at " + kill);
            for (Map.Entry<String, Integer> e : finished.entrySet()) {
                assertEquals(1, e.getValue(), "kill at " + kill + ": " + e.getKey() + " ran twice");
            }
            // the interrupted command continues from its checkpoint with the same options
            List<String> interrupted = first.calls.get(kill);
            List<String> again = second.calls.get(0);
            assertEquals(key(interrupted), key(again), "kill at " + kill);
            if (impossible(interrupted)) {
                assertEquals(interrupted, again, "kill at " + kill + ": no checkpoint, nothing to resume");
                continue;
            }
            String flag = interrupted.get(0).equals("export") ? "--force" : "--resume";
            assertTrue(again.contains(flag), "kill at " + kill + ": " + again);
            assertFalse(interrupted.contains(flag));
            List<String> same = new ArrayList<>(again);
            same.remove(flag);
            assertEquals(interrupted, same, "kill at " + kill + ": options changed on resume");
            RecordingRunner third = new RecordingRunner(-1);
            sweep(dir, third);
            assertEquals(List.of(), third.calls, "kill at " + kill + ": a finished sweep reran something");
        }
    }

    @Test
    void anImpossibleBudgetIsAnInfeasibleRowAndPointsRecordTheirCommands(@TempDir Path dir) throws Exception {
        List<ProtocolRow> rows = sweep(dir, new RecordingRunner(-1));
        ProtocolRow bits2 = rows.stream().filter(r -> r.budgetLabel().equals("u2")
                && r.contender().equals("bits-only")).findFirst().orElseThrow();
        assertTrue(bits2.infeasible());
        assertEquals(0.25, bits2.budget(), 1e-12);
        ProtocolRow uniform = rows.get(rows.size() - 1);
        assertEquals("uniform-4", uniform.contender());
        assertEquals("u4", uniform.budgetLabel());
        assertEquals(0.5, uniform.budget(), 1e-12);
        assertEquals("points/u4-joint-s1/search/export/onnx/model.onnx", rows.get(3).onnx());
        String point = Files.readString(dir.resolve("points/u2-bits-only-s1/point.json"));
        assertTrue(point.contains("is impossible"), point);
        assertTrue(point.contains("mpnas search --preset fashion-mnist --energy-budget u2 --seed 1"), point);
        assertTrue(point.contains("--fix-architecture reference"), point);
        String random = Files.readString(dir.resolve("points/u4-random-s1/point.json"));
        assertTrue(random.contains("train --baseline random --candidates 10 --candidate-epochs 2"
                + " --select-on validation --energy-budget u4"), random);
        assertTrue(Files.readString(dir.resolve("table.md")).contains("| u2 (0.250) | bits-only | 0 (1 infeasible) | infeasible |"));
    }

    @Test
    void aSharedSupernetDerivesBitsOnlyAndArchOnlyFromTheJointPointAfterIt(@TempDir Path dir)
            throws Exception {
        Recipe recipe = new Recipe("fashion-mnist", 2, 1, 3, 1, 64, 10, 2, List.of(),
                List.of("--data-dir", "fixture"), List.of("--derivation", "evolution"), true);
        // joint listed last: the plan runs it first anyway
        ProtocolPlan shared = new ProtocolPlan(List.of("u4"), List.of(2L),
                List.of(Contender.ARCH_ONLY, Contender.BITS_ONLY, Contender.JOINT), List.of(),
                recipe);
        RecordingRunner runner = new RecordingRunner(-1);
        ProtocolSweep.builder().setPlan(shared).setRunner(runner).setPricing(PRICING)
                .setOutput(dir).optLog(new PrintWriter(new StringWriter())).build().run();
        List<List<String>> searches =
                runner.calls.stream().filter(a -> a.get(0).equals("search")).toList();
        assertEquals(3, searches.size());
        Path jointSearch = dir.resolve("points").resolve("u4-joint-s2").resolve("search");
        assertEquals(jointSearch.toString(), value(searches.get(0), "--out"));
        assertTrue(searches.get(0).contains("--epochs"), searches.get(0).toString());
        for (List<String> derived : searches.subList(1, 3)) {
            assertEquals(jointSearch.toString(), value(derived, "--supernet-from"));
            assertEquals("u4", value(derived, "--energy-budget"));
            assertEquals("2", value(derived, "--seed"));
            // the training settings are the joint search's: none given again
            assertFalse(derived.contains("--epochs") || derived.contains("--preset"),
                    derived.toString());
        }
        assertTrue(searches.get(1).contains("--fix-bits"), searches.get(1).toString());
        assertTrue(searches.get(2).contains("--fix-architecture"), searches.get(2).toString());
        searches.forEach(a -> assertEquals("evolution", value(a, "--derivation")));

        IllegalArgumentException noJoint = assertThrows(IllegalArgumentException.class,
                () -> new ProtocolPlan(List.of("u4"), List.of(1L),
                        List.of(Contender.BITS_ONLY), List.of(), recipe));
        assertEquals("--shared-supernet derives bits-only and arch-only from the joint search's"
                + " supernet: add joint to --contenders", noJoint.getMessage());
    }
}
