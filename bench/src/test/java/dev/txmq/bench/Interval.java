package dev.txmq.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import org.HdrHistogram.Histogram;

/**
 * The median of per-pair ratios and its 95% bootstrap interval: pair i gives a_i / b_i (the two contenders
 * ran one after the other); the pairs are resampled with replacement {@value #RESAMPLES} times, the median
 * of each resample taken, and the interval is the 2.5th to 97.5th percentile of those medians. A target is
 * met when {@link #low} clears it. The seed is fixed, so a report recomputed from the same pairs is the same.
 *
 * @param pairs how many pairs gave a ratio
 */
record Interval(double median, double low, double high, int pairs) {

    static final int RESAMPLES = 10_000;
    /** Resamples of {@link #ofPooledPercentile}: each adds up the latency histograms of the pairs it took. */
    static final int POOLED_RESAMPLES = 2_000;

    /** Ratios {@code figure(a_i) / figure(b_i)} over the pairs both lists hold (a pair with a NaN or 0 is left out). */
    static Interval ofRatios(List<Measurement.Segment> a, List<Measurement.Segment> b,
            ToDoubleFunction<Measurement.Segment> figure) {
        return of(ratios(a, b, figure, 0, 1));
    }

    /** {@code figure(a_i) / figure(b_i)} for i = from, from + step, ... over the pairs both hold, NaN and 0 left out. */
    private static double[] ratios(List<Measurement.Segment> a, List<Measurement.Segment> b,
            ToDoubleFunction<Measurement.Segment> figure, int from, int step) {
        int n = Math.min(a.size(), b.size());
        double[] ratios = new double[n];
        int kept = 0;
        for (int i = from; i < n; i += step) {
            double x = figure.applyAsDouble(a.get(i));
            double y = figure.applyAsDouble(b.get(i));
            if (!Double.isNaN(x) && !Double.isNaN(y) && y != 0) {
                ratios[kept++] = x / y;
            }
        }
        return Arrays.copyOf(ratios, kept);
    }

    /**
     * The median ratio over the pairs where {@code a} ran first (even pairs: {@code first} true) or second (odd
     * pairs): how much running first or second in a pair moves a ratio. The interval of all pairs stands; this
     * shows the order effect it averages out.
     */
    static double medianByOrder(List<Measurement.Segment> a, List<Measurement.Segment> b,
            ToDoubleFunction<Measurement.Segment> figure, boolean first) {
        double[] ratios = ratios(a, b, figure, first ? 0 : 1, 2);
        return ratios.length == 0 ? Double.NaN : median(ratios);
    }

    /**
     * The ratio of two contenders' {@code percentile} over all the latencies of their paired segments, with its
     * 95% interval from resampling the pairs ({@value #POOLED_RESAMPLES} times): a resample takes pairs with
     * replacement, pools their latencies on each side and takes the ratio of the two percentiles. A p99 of one
     * 3-second segment rests on a few dozen latencies; pooled over the pairs it rests on hundreds, and the pair
     * stays the unit that is resampled. The median field holds the ratio of the percentiles of all pairs.
     */
    static Interval ofPooledPercentile(List<Histogram> a, List<Histogram> b, double percentile) {
        int n = Math.min(a.size(), b.size());
        if (n == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        SplittableRandom random = new SplittableRandom(14);
        double[] ratios = new double[POOLED_RESAMPLES];
        int[] pick = new int[n];
        for (int r = 0; r < POOLED_RESAMPLES; r++) {
            for (int i = 0; i < n; i++) {
                pick[i] = random.nextInt(n);
            }
            ratios[r] = pooledRatio(a, b, pick, percentile);
        }
        Arrays.sort(ratios);
        return new Interval(pooledRatio(a, b, all, percentile), ratios[(int) (POOLED_RESAMPLES * 0.025)],
                ratios[(int) (POOLED_RESAMPLES * 0.975) - 1], n);
    }

    private static double pooledRatio(List<Histogram> a, List<Histogram> b, int[] pairs, double percentile) {
        return (double) pool(a, pairs).getValueAtPercentile(percentile) / pool(b, pairs).getValueAtPercentile(percentile);
    }

    private static Histogram pool(List<Histogram> segments, int[] pairs) {
        Histogram pooled = new Histogram(2);
        for (int i : pairs) {
            pooled.add(segments.get(i));
        }
        return pooled;
    }

    static Interval of(double[] ratios) {
        if (ratios.length == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        SplittableRandom random = new SplittableRandom(14);
        double[] medians = new double[RESAMPLES];
        double[] resample = new double[ratios.length];
        for (int r = 0; r < RESAMPLES; r++) {
            for (int i = 0; i < resample.length; i++) {
                resample[i] = ratios[random.nextInt(ratios.length)];
            }
            medians[r] = median(resample);
        }
        Arrays.sort(medians);
        return new Interval(median(ratios), medians[(int) (RESAMPLES * 0.025)], medians[(int) (RESAMPLES * 0.975) - 1],
                ratios.length);
    }

    /** The median of {@code values} (the mean of the middle two for an even count). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** "1.08 (1.02-1.13)", or "-" without pairs. */
    @Override
    public String toString() {
        return pairs == 0 ? "-" : String.format(Locale.ROOT, "%.2f (%.2f-%.2f)", median, low, high);
    }
}
