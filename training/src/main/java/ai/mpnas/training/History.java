package ai.mpnas.training;

import ai.mpnas.formats.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A per-step CSV log ({@code history.csv}) with a fixed header. Reopening it for a resumed run
 * drops the rows after the checkpoint's step, so the file always describes one continuous run.
 */
public final class History implements AutoCloseable {

    private final List<String> columns;
    private final BufferedWriter out;

    private History(List<String> columns, BufferedWriter out) {
        this.columns = List.copyOf(columns);
        this.out = out;
    }

    /**
     * Opens a history file: a new one with a header, or an existing one cut after a step.
     *
     * @param file the CSV file
     * @param columns the columns; the first must be {@code step}
     * @param keepThroughStep keep existing rows whose step is at most this (-1: start afresh)
     * @return the history, ready to append
     * @throws IOException if the file cannot be read or written
     */
    public static History open(Path file, List<String> columns, long keepThroughStep)
            throws IOException {
        String header = String.join(",", columns);
        List<String> kept = new ArrayList<>();
        kept.add(header);
        if (keepThroughStep >= 0 && Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(header)) {
                throw new IOException(file + ": header differs from " + header);
            }
            for (String line : lines.subList(1, lines.size())) {
                int comma = line.indexOf(',');
                if (comma > 0 && Long.parseLong(line.substring(0, comma)) <= keepThroughStep) {
                    kept.add(line);
                }
            }
        }
        AtomicFiles.writeString(file, String.join("\n", kept) + "\n");
        BufferedWriter out =
                Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return new History(columns, out);
    }

    /**
     * Appends one row; numbers are written with enough digits to be read back exactly.
     *
     * @param values one value per column
     * @throws IOException if writing fails
     */
    public void append(Object... values) throws IOException {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(
                    values.length + " values for " + columns.size() + " columns");
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            Object v = values[i];
            if (v instanceof Double d) {
                line.append(Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.9g", d));
            } else {
                line.append(v);
            }
        }
        out.write(line.append('\n').toString());
        out.flush();
    }

    /** {@inheritDoc} */
    @Override
    public void close() throws IOException {
        out.close();
    }
}
