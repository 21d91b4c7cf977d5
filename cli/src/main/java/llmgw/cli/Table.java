package llmgw.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Aligned text columns sized to their widest cell, for listings read by people. Numeric columns
 * are right-aligned; null cells print as {@code -}, empty ones as nothing.
 */
public final class Table {
    private final List<String> headers;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    /** @param headers column names; a name starting with {@code >} is right-aligned (the {@code >} is not shown) */
    public Table(String... headers) {
        this.headers = new ArrayList<>();
        this.rightAligned = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            rightAligned[i] = headers[i].startsWith(">");
            this.headers.add(rightAligned[i] ? headers[i].substring(1) : headers[i]);
        }
    }

    public Table row(Object... cells) {
        if (cells.length != headers.size()) throw new IllegalArgumentException(cells.length + " cells for " + headers.size() + " columns");
        List<String> row = new ArrayList<>(cells.length);
        for (Object c : cells) row.add(c == null ? "-" : c.toString());
        rows.add(row);
        return this;
    }

    public void print(PrintWriter out) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> r : rows) widths[i] = Math.max(widths[i], r.get(i).length());
        }
        out.println(line(headers, widths));
        for (List<String> r : rows) out.println(line(r, widths));
    }

    private String line(List<String> cells, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String pad = " ".repeat(widths[i] - cell.length());
            if (i > 0) sb.append("  ");
            if (rightAligned[i]) sb.append(pad).append(cell);
            else sb.append(cell).append(i == cells.size() - 1 ? "" : pad);
        }
        return sb.toString();
    }
}
