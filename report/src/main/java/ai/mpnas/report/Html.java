package ai.mpnas.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small HTML page builder: escaped text, tables, figures, a contents line of the sections and a
 * box of notes (what the page could not show, and why) under the title.
 */
final class Html {

    private static final String STYLE = "body{font-family:sans-serif;max-width:960px;"
            + "margin:2em auto;color:#222;line-height:1.4;}"
            + "h2{margin-top:1.8em;border-bottom:1px solid #ccc;}"
            + "table{border-collapse:collapse;margin:0.8em 0;}td,th{border:1px solid #bbb;"
            + "padding:3px 8px;text-align:right;}th{background:#eee;text-align:center;}"
            + "td.text,th.key{text-align:left;}"
            + "th.key{font-weight:normal;background:#f6f6f6;}figure{margin:1em 0;}"
            + "figcaption{font-size:90%;color:#444;}img{max-width:100%;}"
            + ".notes{background:#fff8e1;border:1px solid #e0c070;padding:0.4em 1em;}"
            + "nav{font-size:90%;}nav a{margin-right:1em;}.sub{color:#555;margin-top:-0.6em;}"
            + "details{margin:0.5em 0;}summary{cursor:pointer;color:#1f4e8c;}"
            + "table.policy td,table.policy th{padding:2px 3px;font-size:85%;}"
            + "td.cell{text-align:center;min-width:2.4em;}td.chosen{outline:3px solid #d62728;"
            + "outline-offset:-3px;font-weight:bold;}td.none{color:#bbb;}";

    private final StringBuilder body = new StringBuilder();
    private final List<String[]> sections = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final String title;
    private String subtitle = "";

    Html(String title) {
        this.title = title;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    /**
     * Sets a line under the title.
     *
     * @param text the line
     * @return this page
     */
    Html subtitle(String text) {
        subtitle = text;
        return this;
    }

    /**
     * Starts a section, listed in the contents line.
     *
     * @param text the section's title
     * @return this page
     */
    Html heading(String text) {
        String id = "s" + sections.size() + "-"
                + text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        sections.add(new String[] {id, text});
        body.append("<h2 id=\"").append(escape(id)).append("\">").append(escape(text))
                .append("</h2>\n");
        return this;
    }

    Html paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /**
     * Adds a note to the box under the title: something the page does not show, and why.
     *
     * @param text one sentence
     * @return this page
     */
    Html note(String text) {
        notes.add(text);
        return this;
    }

    /**
     * Appends markup that the caller built and escaped itself.
     *
     * @param html the markup
     * @return this page
     */
    Html raw(String html) {
        body.append(html);
        return this;
    }

    Html figure(String dir, String png, String caption) {
        String svg = png.replace(".png", ".svg");
        body.append("<figure><img src=\"")
                .append(escape(dir + "/" + png))
                .append("\" alt=\"")
                .append(escape(caption))
                .append("\"><figcaption>")
                .append(escape(caption))
                .append(" (<a href=\"")
                .append(escape(dir + "/" + svg))
                .append("\">SVG</a>)</figcaption></figure>\n");
        return this;
    }

    Html table(List<String> header, List<List<String>> rows) {
        body.append(tableHtml(header, rows));
        return this;
    }

    /**
     * Adds a table that starts folded, under a one-line summary.
     *
     * @param summary what the table holds
     * @param header the column titles
     * @param rows the rows
     * @return this page
     */
    Html details(String summary, List<String> header, List<List<String>> rows) {
        body.append("<details><summary>").append(escape(summary)).append("</summary>\n")
                .append(tableHtml(header, rows)).append("</details>\n");
        return this;
    }

    /**
     * Adds a table of names and values: each row's first cell is its header, and there is no
     * header row.
     *
     * @param rows the rows (name, value)
     * @return this page
     */
    Html keyValues(List<List<String>> rows) {
        body.append("<table><tbody>\n");
        for (List<String> row : rows) {
            body.append("<tr><th class=\"key\" scope=\"row\">").append(escape(row.get(0)))
                    .append("</th>");
            for (String cell : row.subList(1, row.size())) {
                body.append("<td class=\"text\">").append(escape(cell)).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</tbody></table>\n");
        return this;
    }

    private static String tableHtml(List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder("<table><thead><tr>");
        for (String h : header) {
            sb.append("<th>").append(escape(h)).append("</th>");
        }
        sb.append("</tr></thead><tbody>\n");
        for (List<String> row : rows) {
            sb.append("<tr>");
            for (String cell : row) {
                sb.append(isNumber(cell) ? "<td>" : "<td class=\"text\">").append(escape(cell))
                        .append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</tbody></table>\n").toString();
    }

    /** Numbers align right (digits line up), text left. */
    private static boolean isNumber(String cell) {
        return cell.isEmpty() || cell.equals("—") || cell.matches("[-+]?[0-9][0-9.,]*( ?%)?");
    }

    String render() {
        StringBuilder top = new StringBuilder("<h1>").append(escape(title)).append("</h1>\n");
        if (!subtitle.isEmpty()) {
            top.append("<p class=\"sub\">").append(escape(subtitle)).append("</p>\n");
        }
        if (sections.size() > 1) {
            top.append("<nav>");
            for (String[] s : sections) {
                top.append("<a href=\"#").append(escape(s[0])).append("\">").append(escape(s[1]))
                        .append("</a>");
            }
            top.append("</nav>\n");
        }
        if (!notes.isEmpty()) {
            top.append("<div class=\"notes\"><p>Not on this page:</p><ul>\n");
            for (String n : notes) {
                top.append("<li>").append(escape(n)).append("</li>\n");
            }
            top.append("</ul></div>\n");
        }
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + escape(title) + "</title><style>" + STYLE + "</style></head><body>\n"
                + top + body + "</body></html>\n";
    }
}
