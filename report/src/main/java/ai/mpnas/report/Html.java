package ai.mpnas.report;

import java.util.List;

/** A small HTML page builder: escaped text, tables, figures. */
final class Html {

    private final StringBuilder body = new StringBuilder();
    private final String title;

    Html(String title) {
        this.title = title;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    Html heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    Html paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
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
        body.append("<table><thead><tr>");
        for (String h : header) {
            body.append("<th>").append(escape(h)).append("</th>");
        }
        body.append("</tr></thead><tbody>\n");
        for (List<String> row : rows) {
            body.append("<tr>");
            for (String cell : row) {
                body.append("<td>").append(escape(cell)).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</tbody></table>\n");
        return this;
    }

    String render() {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + escape(title)
                + "</title><style>body{font-family:sans-serif;max-width:960px;margin:2em auto;}"
                + "table{border-collapse:collapse;margin:1em 0;}td,th{border:1px solid #bbb;"
                + "padding:3px 8px;text-align:right;}th{background:#eee;}figure{margin:1em 0;}"
                + "img{max-width:100%;}</style></head><body>\n<h1>"
                + escape(title)
                + "</h1>\n"
                + body
                + "</body></html>\n";
    }
}
