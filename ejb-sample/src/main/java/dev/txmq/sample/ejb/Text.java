package dev.txmq.sample.ejb;

/** Fits text into the samples' VARCHAR columns. */
final class Text {

    private Text() {}

    /** {@code text} cut to {@code max} characters, ending in "..." when it was longer; null stays null. */
    static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
