package ai.mpnas.cli;

import ai.mpnas.report.RunReport;
import ai.mpnas.report.SweepReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mpnas report}: an HTML page with the plots of a run or a sweep. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Write report.html with plots (PNG and SVG beside it): for a run, its energy against"
                    + " uniform-precision networks and per layer against the 8-bit reference, the"
                    + " per-block choices and bit widths, the search curves, the final policy and"
                    + " the derivation's candidates (what the run directory lacks is named on the"
                    + " page); for a sweep, the Pareto fronts of top-1 against energy and latency"
                    + " with the baselines."
        })
final class ReportCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--run", paramLabel = "DIR", description = "A run directory.")
        Path run;

        @Option(names = "--sweep", paramLabel = "DIR", description = "A sweep directory.")
        Path sweep;
    }

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        RunEnergyPricer pricer = new RunEnergyPricer();
        Path html = target.run != null
                ? RunReport.write(target.run, pricer)
                : SweepReport.write(target.sweep, pricer);
        spec.commandLine().getOut().println("report: " + html.toAbsolutePath());
        return ExitCodes.OK;
    }
}
