# One summary line per JMeter results CSV (as the plugin writes them, see pom.xml):
#   awk -f summary.awk target/jmeter/results/*.csv
# Columns are found by name in each file's header; the pom keeps free-text columns out, so a plain
# comma split is safe. req/s is samples over the span from the first send to the last answer.
BEGIN { FS = "," }
FNR == 1 {
    if (NR > 1) report()
    for (i = 1; i <= NF; i++) col[$i] = i
    n = 0; errors = 0; sum = 0; max = 0; first = 0; last = 0
    plan = FILENAME; sub(/.*\//, "", plan); sub(/\.csv$/, "", plan)
    next
}
{
    t = $col["timeStamp"]; e = $col["elapsed"]
    n++; sum += e
    if (e > max) max = e
    if ($col["success"] != "true") errors++
    if (first == 0 || t < first) first = t
    if (t + e > last) last = t + e
}
END { if (NR > 0) report() }
function report(    span, rate) {
    if (n == 0) { printf "%-26s no samples\n", plan; return }
    span = (last - first) / 1000
    rate = span > 0 ? n / span : 0   # apart: a bare '>' among printf arguments redirects output
    printf "%-26s samples=%d mean=%.1fms max=%dms errors=%.2f%% req/s=%.0f\n", \
        plan, n, sum / n, max, 100 * errors / n, rate
}
