package argus.loadtest.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table {@code scripts/engine-bench} prints: its ratios are the benchmark's result. */
class BenchReportTest {

    private static final String HEADER = "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\","
            + "\"Score Error (99.9%)\",\"Unit\",\"Param: choice\",\"Param: keys\",\"Param: limiter\",\"Param: rebuilding\"";
    private static final String EXISTING = "\"argus.loadtest.engine.ExistingKeyBenchmark.acquire";
    private static final String IMPACT = "\"argus.loadtest.engine.RebuildImpactBenchmark.acquire";

    @TempDir
    Path dir;

    @Test
    void shouldPutEachEngineBesideItsBaselineWithBothRatiosAndBytesPerOperation() throws IOException {
        List<String> table = report(List.of(
                HEADER,
                // The baseline's rows come first, and scores in JMH's order, not the table's.
                EXISTING + "\",\"thrpt\",2,3,4000000.0,10.0,\"ops/s\",UNIFORM,1000,CHM,",
                EXISTING + ":cpu.time.per.op\",\"thrpt\",2,3,500.0,1.0,\"ns/op\",UNIFORM,1000,CHM,",
                EXISTING + ":gc.alloc.rate.norm\",\"thrpt\",2,3,0.0,0.0,\"B/op\",UNIFORM,1000,CHM,",
                EXISTING + "\",\"thrpt\",2,3,3000000.0,10.0,\"ops/s\",UNIFORM,1000,HASH,",
                EXISTING + ":cpu.time.per.op\",\"thrpt\",2,3,625.0,1.0,\"ns/op\",UNIFORM,1000,HASH,",
                EXISTING + ":gc.alloc.rate.norm\",\"thrpt\",2,3,0.5,0.0,\"B/op\",UNIFORM,1000,HASH,",
                EXISTING + "\",\"thrpt\",2,3,3000000.0,10.0,\"ops/s\",ZIPF,1000,HASH,"), null);

        String hash = row(table, "ExistingKey", "HASH", "UNIFORM");
        assertTrue(hash.contains("HASH/CHM 0.750  cpu 0.80"), hash);
        assertTrue(hash.contains(" 0.50 "), "bytes per operation: " + hash);
        assertTrue(table.indexOf(hash) < table.indexOf(row(table, "ExistingKey", "CHM", "UNIFORM")), "engine first");
        assertTrue(row(table, "ExistingKey", "HASH", "ZIPF").endsWith("-  "), "no baseline, no ratio: "
                + row(table, "ExistingKey", "HASH", "ZIPF"));
    }

    @Test
    void shouldMarkARatioWhoseScoresChangedSpeedWhileMeasured() throws IOException {
        List<String> steady = report(List.of(
                HEADER,
                EXISTING + "\",\"thrpt\",2,3,20000000.0,1000000.0,\"ops/s\",UNIFORM,1000,HASH,",
                EXISTING + "\",\"thrpt\",2,3,21000000.0,900000.0,\"ops/s\",UNIFORM,1000,CHM,",
                // A score no ratio uses (no baseline) gets no mark, and so no legend.
                EXISTING + "\",\"thrpt\",2,3,15000000.0,90000000.0,\"ops/s\",ZIPF,1000,BST,"), null);
        assertTrue(steady.stream().noneMatch(line -> line.contains("unsteady")), String.join("\n", steady));

        List<String> table = report(List.of(
                HEADER,
                EXISTING + "\",\"thrpt\",2,3,20000000.0,1000000.0,\"ops/s\",UNIFORM,1000,HASH,",
                EXISTING + "\",\"thrpt\",2,3,21000000.0,900000.0,\"ops/s\",UNIFORM,1000,CHM,",
                EXISTING + "\",\"thrpt\",2,3,15000000.0,90000000.0,\"ops/s\",ZIPF,1000,HASH,",
                EXISTING + "\",\"thrpt\",2,3,21000000.0,900000.0,\"ops/s\",ZIPF,1000,CHM,"), null);

        assertTrue(row(table, "ExistingKey", "HASH", "UNIFORM").endsWith("HASH/CHM 0.952"), "steady: "
                + row(table, "ExistingKey", "HASH", "UNIFORM"));
        assertTrue(row(table, "ExistingKey", "HASH", "ZIPF").endsWith("HASH/CHM 0.714  unsteady"), "a fork that"
                + " changed speed: " + row(table, "ExistingKey", "HASH", "ZIPF"));
        assertTrue(table.stream().anyMatch(line -> line.startsWith("  unsteady: ")), "the legend");
    }

    @Test
    void shouldCompareRebuildsOnWithOffAndJudgeHeapPerKey() throws IOException {
        Path heap = Files.write(dir.resolve("heap.txt"), List.of("BST 1000000 125.6", "CHM 1000000 130.3"));
        List<String> table = report(List.of(
                HEADER,
                IMPACT + "\",\"thrpt\",1,3,900000.0,1.0,\"ops/s\",,1000000,,true",
                IMPACT + "\",\"thrpt\",1,3,1000000.0,1.0,\"ops/s\",,1000000,,false"), heap);

        assertTrue(row(table, "RebuildImpact", "BST", "rebuilds on").contains("on/off 0.900"), String.join("\n", table));
        assertTrue(row(table, "HeapPerKey", "BST", "after").endsWith("within 128 B/key"));
        assertTrue(row(table, "HeapPerKey", "CHM", "after").endsWith("over 128 B/key"));
    }

    private List<String> report(List<String> csvLines, Path heap) throws IOException {
        Path csv = Files.write(dir.resolve("jmh.csv"), csvLines);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            BenchReport.write(csv, heap, out);
        }
        return Arrays.stream(bytes.toString(StandardCharsets.UTF_8).split("\n")).collect(Collectors.toList());
    }

    /** The one line of the table for this benchmark, implementation and choice (or case). */
    private static String row(List<String> table, String benchmark, String impl, String variant) {
        List<String> rows = table.stream()
                .filter(line -> {
                    List<String> f = Arrays.asList(line.trim().split("\\s+"));
                    return f.size() > 3 && f.get(0).equals(benchmark) && f.get(1).equals(impl)
                            && line.contains(" " + variant);
                })
                .collect(Collectors.toList());
        assertEquals(1, rows.size(), benchmark + " " + impl + " " + variant + " in\n" + String.join("\n", table));
        return rows.get(0);
    }
}
