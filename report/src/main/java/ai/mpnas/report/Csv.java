package ai.mpnas.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** A numeric view of a CSV file with a header, such as {@code history.csv}. */
final class Csv {

    private final Path file;
    private final List<String> header;
    private final List<String[]> rows;

    private Csv(Path file, List<String> header, List<String[]> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    static Csv read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(file + ": empty, expected a header line");
        }
        List<String> header = Arrays.asList(lines.get(0).split(","));
        List<String[]> rows = lines.subList(1, lines.size()).stream()
                .filter(l -> !l.isBlank()).map(l -> l.split(",", -1)).toList();
        return new Csv(file, header, rows);
    }

    /**
     * Returns the number of data rows.
     *
     * @return the rows below the header
     */
    int rows() {
        return rows.size();
    }

    /**
     * Returns whether the file has a column (older files lack newer columns).
     *
     * @param name the column
     * @return true if the header names it
     */
    boolean has(String name) {
        return header.contains(name);
    }

    /**
     * Returns a column as text.
     *
     * @param name the column
     * @return its cells, empty where a row is short
     * @throws IllegalArgumentException if there is no such column
     */
    List<String> text(String name) {
        int c = index(name);
        return rows.stream().map(row -> c < row.length ? row[c] : "").toList();
    }

    private int index(String name) {
        int c = header.indexOf(name);
        if (c < 0) {
            throw new IllegalArgumentException(
                    file + ": no column '" + name + "' (columns: " + header + ")");
        }
        return c;
    }

    /** Returns a column as numbers; empty cells and text are NaN. */
    double[] column(String name) {
        int c = index(name);
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            String[] row = rows.get(i);
            try {
                v[i] = c < row.length && !row[c].isEmpty()
                        ? Double.parseDouble(row[c]) : Double.NaN;
            } catch (NumberFormatException e) {
                v[i] = Double.NaN;
            }
        }
        return v;
    }
}
