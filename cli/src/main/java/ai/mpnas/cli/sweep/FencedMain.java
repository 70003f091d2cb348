package ai.mpnas.cli.sweep;

import ai.mpnas.cli.Main;
import java.io.IOException;
import java.io.InputStream;

/**
 * The entry point of a sweep's child JVM: the ordinary command line ({@link Main}), which also
 * dies with its parent. The parent holds the child's stdin open and never writes to it; when the
 * parent ends, however it ends ({@code kill -9} included), the pipe closes and the child halts, so
 * a rerun sweep never trains next to an orphan of the killed one.
 */
public final class FencedMain {

    private FencedMain() {}

    /**
     * Runs {@code mpnas <args>} while the parent lives.
     *
     * @param args the command-line arguments
     */
    public static void main(String[] args) {
        Thread watch = new Thread(FencedMain::haltAtEndOfInput, "mpnas-parent-watch");
        watch.setDaemon(true);
        watch.start();
        Main.main(args);
    }

    private static void haltAtEndOfInput() {
        InputStream in = System.in;
        try {
            while (in.read() >= 0) {
                // the parent writes nothing; any byte is ignored
            }
        } catch (IOException e) {
            // a broken pipe is an ended parent too
        }
        Runtime.getRuntime().halt(143);
    }
}
