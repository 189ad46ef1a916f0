package dev.txmq.bench;

/**
 * One sample of the soak, taken with the load stopped after an interval: the interval's load and the
 * server's heap after a full GC.
 *
 * @param minute minutes of load so far (the sum of the intervals; 0 is the sample after the warm-up)
 * @param elapsedS wall-clock seconds since the warm-up began (load plus the pauses for checks and sampling)
 * @param interval the interval's units of work and latencies; {@code null} for the sample after the warm-up
 * @param heap the server's live objects by class
 */
record SoakSample(double minute, double elapsedS, Measurement interval, ClassHistogram heap) {

    ClassHistogram.Count txmq() {
        return heap.sum(ClassHistogram.TXMQ);
    }

    ClassHistogram.Count artemisClient() {
        return heap.sum(ClassHistogram.ARTEMIS_CLIENT);
    }

    double liveHeapMiB() {
        return heap.totalBytes() / 1048576.0;
    }
}
