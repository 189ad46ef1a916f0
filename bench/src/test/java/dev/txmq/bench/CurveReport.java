package dev.txmq.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The scale curve's results: {@code curve.csv} (a row per point and contender), {@code curve.md} (the tables,
 * with the per-pair ratios and their intervals) and one plot per workload, drawn with JFreeChart from the same
 * figures: throughput, p99 and the live heap against concurrency (W1) or sessions (W3), on a log-2 axis.
 */
final class CurveReport {

    /** Throughput and p99: medians over the point's segments; p50: of all its latencies. */
    static final String CSV_HEADER = "workload,x,contender,throughput_per_s,p50_ms,p99_ms,live_heap_mib";

    private CurveReport() {
    }

    static void write(Path directory, Settings settings, Bench bench) throws IOException {
        List<Measurement> cells = bench.measurements();
        Files.createDirectories(directory);
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        for (Measurement m : cells) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%s,%.1f,%.2f,%.2f,%.1f%n", m.workload, m.concurrency, m.contender,
                    m.median(Measurement.Segment::throughput), m.percentileMs(50), m.median(Measurement.Segment::p99Ms),
                    m.heapMiB()));
        }
        Files.writeString(directory.resolve("curve.csv"), csv);
        Files.writeString(directory.resolve("curve.md"), markdown(settings, bench));
        System.setProperty("java.awt.headless", "true");
        plot(directory.resolve("curve-w1.png"), "W1 publish: INSERT + 1 send per transaction", "concurrency (client threads)",
                cells, "W1");
        plot(directory.resolve("curve-w3.png"), "W3 consume: INSERT + 1 send per delivery", "sessions (maxSessions)",
                cells, "W3");
    }

    static String markdown(Settings settings, Bench bench) {
        List<Measurement> cells = bench.measurements();
        StringBuilder md = new StringBuilder("# txmq scale curve\n\n");
        md.append(String.format(Locale.ROOT, "%s.%n%nSegments: %d ms warm-up + %d ms measured; %d pairs per"
                + " point (A B, then B A); W3: %d pre-loaded messages per segment. Live heap: the server's, after a full GC"
                + " at the end of each segment (median). Throughput and p99: the median over the point's segments (one"
                + " disturbed segment does not move it). Ratios: median of the per-pair ratios (95%% bootstrap interval).%n",
                Report.when(bench), settings.warmupMs(), settings.measureMs(), settings.pairs(), settings.w3Messages()));
        for (String workload : List.of("W1", "W3")) {
            md.append(String.format(Locale.ROOT, "%n| %s %s | txmq /s | builtin /s | throughput txmq / builtin | txmq p99 ms"
                    + " | builtin p99 ms | p99 txmq / builtin | txmq heap MiB | builtin heap MiB |%n", workload,
                    workload.equals("W1") ? "concurrency" : "sessions"));
            md.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for (Measurement txmq : cells) {
                if (!txmq.workload.equals(workload) || !txmq.contender.equals(Settings.TXMQ)) {
                    continue;
                }
                Optional<Measurement> builtin = Report.find(cells, txmq, Settings.BUILTIN);
                List<Measurement.Segment> theirs = builtin.map(Measurement::segments).orElse(List.of());
                md.append(String.format(Locale.ROOT, "| %d | %.1f | %s | %s | %.2f | %s | %s | %.1f | %s |%n",
                        txmq.concurrency, txmq.median(Measurement.Segment::throughput),
                        builtin.map(b -> String.format(Locale.ROOT, "%.1f", b.median(Measurement.Segment::throughput))).orElse("-"),
                        Interval.ofRatios(txmq.segments(), theirs, Measurement.Segment::throughput),
                        txmq.median(Measurement.Segment::p99Ms),
                        builtin.map(b -> String.format(Locale.ROOT, "%.2f", b.median(Measurement.Segment::p99Ms))).orElse("-"),
                        Interval.ofRatios(txmq.segments(), theirs, Measurement.Segment::p99Ms), txmq.heapMiB(),
                        builtin.map(b -> String.format(Locale.ROOT, "%.1f", b.heapMiB())).orElse("-")));
            }
        }
        return md.toString();
    }

    private static void plot(Path file, String title, String xLabel, List<Measurement> cells, String workload)
            throws IOException {
        LogAxis x = new LogAxis(xLabel);
        x.setBase(2);
        x.setTickUnit(new NumberTickUnit(1));
        x.setNumberFormatOverride(new DecimalFormat("0"));
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
        plot.add(panel("throughput /s (median)", cells, workload, m -> m.median(Measurement.Segment::throughput), true));
        plot.add(panel("p99 ms (median)", cells, workload, m -> m.median(Measurement.Segment::p99Ms), false));
        plot.add(panel("live heap MiB", cells, workload, Measurement::heapMiB, false));
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 800, 900);
    }

    /** One panel of the plot; only the first one's lines go into the legend (the same two contenders in each). */
    private static XYPlot panel(String yLabel, List<Measurement> cells, String workload, ToDoubleFunction<Measurement> y,
            boolean inLegend) {
        XYSeriesCollection series = new XYSeriesCollection();
        for (String contender : List.of(Settings.TXMQ, Settings.BUILTIN)) {
            XYSeries line = new XYSeries(contender);
            cells.stream().filter(m -> m.workload.equals(workload) && m.contender.equals(contender))
                    .forEach(m -> line.add(m.concurrency, y.applyAsDouble(m)));
            series.addSeries(line);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(0x1f77b4));
        renderer.setSeriesPaint(1, new Color(0xd62728));
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        renderer.setSeriesVisibleInLegend(0, inLegend);
        renderer.setSeriesVisibleInLegend(1, inLegend);
        NumberAxis axis = new NumberAxis(yLabel);
        axis.setAutoRangeIncludesZero(true);
        XYPlot panel = new XYPlot(series, null, axis, renderer);
        panel.setBackgroundPaint(Color.WHITE);
        panel.setRangeGridlinePaint(Color.LIGHT_GRAY);
        panel.setDomainGridlinePaint(Color.LIGHT_GRAY);
        return panel;
    }
}
