package argus.loadtest.engine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one run of the engine benchmarks into the one table {@code scripts/engine-bench} prints:
 * a row per benchmark and parameter set with its score and bytes allocated per operation, the
 * ratios that are the actual result (BST against the skip list, hash engine against
 * {@code ConcurrentHashMap}, acquire with rebuilds against without), and the heap per key.
 *
 * <p>Usage: {@code BenchReport JMH_CSV [HEAP_FILE]}; the CSV is JMH's {@code -rf csv} output of a
 * run with {@code -prof gc}, the heap file holds {@link HeapPerKey}'s lines.
 */
public final class BenchReport {

    private static final String NORM = ":gc.alloc.rate.norm";
    private static final String CPU = ":cpu.time.per.op";
    private static final double HEAP_TARGET = 128;
    private static final List<String> BENCHMARKS = List.of("ExistingKey", "NewKey", "Rebuild", "RebuildImpact");
    private static final Map<String, String> BASELINE = Map.of("BST", "CSLM", "HASH", "CHM");
    private static final String FORMAT = "%-13s %-5s %8s %-13s %14s %-6s %9s %10s %9s  %s%n";
    /** Marks a ratio one of whose scores changed speed while measured; the legend under the table says so. */
    private static final String UNSTEADY = "unsteady";
    private static final double UNSTEADY_SPREAD = 0.15;
    private static final double[] T9995 = {
        636.62, 31.599, 12.924, 8.610, 6.869, 5.959, 5.408, 5.041, 4.781, 4.587, 4.437, 4.318, 4.221, 4.140, 4.073,
        4.015, 3.965, 3.922, 3.883, 3.850, 3.819, 3.792, 3.768, 3.745, 3.725, 3.707, 3.690, 3.674, 3.659, 3.646
    };

    /** One benchmark score; {@code bytesPerOp} is NaN until its gc row is read. */
    private static final class Row {
        final String benchmark;
        final String impl;
        final String keys;
        final String variant;
        final double score;
        final double error;
        /** Iterations behind the score, all forks together. */
        final int samples;
        final String unit;
        double bytesPerOp = Double.NaN;
        /** Process CPU nanoseconds per operation, all threads ({@link CpuPerOpProfiler}); NaN if not measured. */
        double cpuPerOp = Double.NaN;

        Row(String benchmark, String impl, String keys, String variant, double score, double error, int samples,
            String unit) {
            this.benchmark = benchmark;
            this.impl = impl;
            this.keys = keys;
            this.variant = variant;
            this.score = score;
            this.error = error;
            this.samples = samples;
            this.unit = unit;
        }

        String group() {
            return benchmark + "|" + keys + "|" + variant;
        }
    }

    private BenchReport() {
    }

    public static void main(String[] args) throws IOException {
        write(Path.of(args[0]), args.length > 1 ? Path.of(args[1]) : null, System.out);
    }

    /** Writes the table for the JMH CSV {@code csv} and, if not null, {@link HeapPerKey}'s lines in {@code heap}. */
    static void write(Path csv, Path heap, PrintStream out) throws IOException {
        List<Row> rows = readJmh(csv);
        rows.sort(Comparator.comparingInt((Row r) -> BENCHMARKS.indexOf(r.benchmark))
                .thenComparingInt(r -> Integer.parseInt(r.keys))
                .thenComparing(r -> r.variant)
                .thenComparingInt(r -> List.of("BST", "CSLM", "HASH", "CHM").indexOf(r.impl)));
        Map<String, Row> byKey = new HashMap<>();
        for (Row r : rows) {
            byKey.put(r.group() + "|" + r.impl, r);
        }
        out.printf(Locale.ROOT, FORMAT, "benchmark", "impl", "keys", "choice/case", "score", "unit", "±99.9%",
                "B/op", "cpu ns/op", "ratio (throughput; cpu: baseline's CPU per op / this one's)");
        boolean marked = false;
        for (Row r : rows) {
            String ratio = ratio(r, byKey);
            marked |= ratio.endsWith(UNSTEADY);
            out.printf(Locale.ROOT, FORMAT, r.benchmark, r.impl, r.keys, r.variant, number(r.score), r.unit,
                    number(r.error), Double.isNaN(r.bytesPerOp) ? "-" : String.format(Locale.ROOT, "%.2f", r.bytesPerOp),
                    Double.isNaN(r.cpuPerOp) ? "-" : String.format(Locale.ROOT, "%.0f", r.cpuPerOp), ratio);
        }
        if (marked) { // the legend of the marks above, not of scores no ratio uses
            out.println("  " + UNSTEADY + ": a score's iterations spread by more than 15 % (a fork changed speed while"
                    + " measured; on a shared machine, often two-fold); rerun that cell, e.g. with -f 3 and its -p values");
        }
        if (heap != null) {
            for (String line : Files.readAllLines(heap)) {
                String[] f = line.trim().split("\\s+");
                double perKey = Double.parseDouble(f[2]);
                out.printf(Locale.ROOT, FORMAT, "HeapPerKey", f[0], f[1], "after full GC", f[2], "B/key", "-",
                        "-", "-", perKey <= HEAP_TARGET ? "within 128 B/key" : "over 128 B/key");
            }
        }
    }

    /** Reads the primary rows, then attaches each {@code gc.alloc.rate.norm} and CPU row to its primary. */
    private static List<Row> readJmh(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = fields(lines.get(0));
        List<Row> rows = new ArrayList<>();
        Map<String, Row> primaries = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = fields(line);
            String name = f.get(header.indexOf("Benchmark"));
            String params = paramsOf(header, f);
            if (name.endsWith(NORM)) {
                primaries.get(name.substring(0, name.length() - NORM.length()) + params).bytesPerOp =
                        Double.parseDouble(f.get(header.indexOf("Score")));
            } else if (name.endsWith(CPU)) {
                primaries.get(name.substring(0, name.length() - CPU.length()) + params).cpuPerOp =
                        Double.parseDouble(f.get(header.indexOf("Score")));
            } else if (!name.contains(":")) {
                Row row = new Row(shortName(name), param(header, f, "limiter", "BST"), param(header, f, "keys", "-"),
                        variant(header, f), Double.parseDouble(f.get(header.indexOf("Score"))),
                        Double.parseDouble(f.get(header.indexOf("Score Error (99.9%)"))),
                        Integer.parseInt(f.get(header.indexOf("Samples"))), f.get(header.indexOf("Unit")));
                rows.add(row);
                primaries.put(name + params, row);
            }
        }
        return rows;
    }

    /** The key choice, or for the rebuild-impact benchmark whether rebuilds ran. */
    private static String variant(List<String> header, List<String> f) {
        String rebuilding = param(header, f, "rebuilding", null);
        if (rebuilding != null) {
            return Boolean.parseBoolean(rebuilding) ? "rebuilds on" : "rebuilds off";
        }
        return param(header, f, "choice", "-");
    }

    private static String ratio(Row r, Map<String, Row> byKey) {
        if (r.benchmark.equals("RebuildImpact") && r.variant.equals("rebuilds on")) {
            Row off = byKey.get(r.benchmark + "|" + r.keys + "|rebuilds off|" + r.impl);
            return off == null ? "" : String.format(Locale.ROOT, "on/off %.3f%s", r.score / off.score,
                    unsteady(r) || unsteady(off) ? "  " + UNSTEADY : "");
        }
        String baseline = BASELINE.get(r.impl);
        Row base = baseline == null ? null : byKey.get(r.group() + "|" + baseline);
        if (base == null) {
            return "";
        }
        String cpu = Double.isNaN(r.cpuPerOp) || Double.isNaN(base.cpuPerOp) ? ""
                : String.format(Locale.ROOT, "  cpu %.2f", base.cpuPerOp / r.cpuPerOp);
        return String.format(Locale.ROOT, "%s/%s %.3f%s%s", r.impl, baseline, r.score / base.score, cpu,
                unsteady(r) || unsteady(base) ? "  " + UNSTEADY : "");
    }

    /**
     * Whether a score's iterations spread by more than {@link #UNSTEADY_SPREAD} of the score (their
     * standard deviation, recovered from JMH's 99.9 % error and the sample count): what a fork whose
     * speed changed while it was measured shows (on a shared machine, often two-fold), unlike the
     * usual few percent.
     */
    private static boolean unsteady(Row r) {
        if (r.samples < 2 || Double.isNaN(r.error)) {
            return false;
        }
        double deviation = r.error * Math.sqrt(r.samples) / studentT9995(r.samples - 1);
        return deviation > UNSTEADY_SPREAD * r.score;
    }

    /** Student's t at 0.9995 (JMH's two-sided 99.9 % interval) for {@code df} degrees of freedom. */
    static double studentT9995(int df) {
        return df <= T9995.length ? T9995[df - 1] : 3.291; // beyond 30, the normal quantile is within 11 %
    }

    private static String shortName(String benchmark) {
        String type = benchmark.substring(0, benchmark.lastIndexOf('.'));
        String simple = type.substring(type.lastIndexOf('.') + 1);
        return simple.endsWith("Benchmark") ? simple.substring(0, simple.length() - "Benchmark".length()) : simple;
    }

    private static String paramsOf(List<String> header, List<String> f) {
        StringBuilder params = new StringBuilder();
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).startsWith("Param: ")) {
                params.append('|').append(i < f.size() ? f.get(i) : "");
            }
        }
        return params.toString();
    }

    private static String param(List<String> header, List<String> f, String name, String absent) {
        int i = header.indexOf("Param: " + name);
        return i < 0 || i >= f.size() || f.get(i).isEmpty() ? absent : f.get(i);
    }

    /** JMH's CSV: comma-separated, text in double quotes, no commas inside fields. */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        for (String field : line.split(",", -1)) {
            fields.add(field.startsWith("\"") && field.endsWith("\"") ? field.substring(1, field.length() - 1) : field);
        }
        return fields;
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return value >= 1000 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.3f", value);
    }
}
