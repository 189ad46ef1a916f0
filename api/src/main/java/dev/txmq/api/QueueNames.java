package dev.txmq.api;

import java.util.regex.Pattern;

/**
 * The rule for queue names: 1 to 200 characters, each a letter, a digit, '.', '_' or '-'. Anything
 * else (blank, spaces, '/', '*', '#', other punctuation) is rejected before it reaches the broker.
 */
public final class QueueNames {

    /** The longest queue name accepted. */
    public static final int MAX_LENGTH = 200;

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    private QueueNames() {}

    /** Whether {@code name} is a valid queue name. */
    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /**
     * Returns {@code name} if it is valid.
     *
     * @throws InvalidMessageException naming the value and the rule otherwise
     */
    public static String requireValid(String name) {
        if (!isValid(name)) {
            throw new InvalidMessageException("Queue name " + describe(name) + " is invalid: use 1 to "
                    + MAX_LENGTH + " letters, digits, '.', '_' or '-'");
        }
        return name;
    }

    private static String describe(String name) {
        if (name == null) {
            return "null";
        }
        String shown = name.length() > 60 ? name.substring(0, 60) + "..." : name;
        return "'" + shown + "' (" + name.length() + " characters)";
    }
}
