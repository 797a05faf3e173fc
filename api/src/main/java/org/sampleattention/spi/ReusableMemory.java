package org.sampleattention.spi;

/**
 * How much released device memory a backend keeps for its next calls, from a system property such as
 * {@code -Dsampleattention.cuda.reusableBytes=N}: absent means an eighth of the device; otherwise a
 * byte count, 0 keeping none; anything else is an error naming the property, so that a typo is not
 * silently read as some amount.
 */
public final class ReusableMemory {
    private ReusableMemory() {
    }

    /** The cap in bytes for a device of {@code deviceBytes}, the property read now. */
    public static long cap(String property, long deviceBytes) {
        return cap(property, System.getProperty(property), deviceBytes);
    }

    /** The cap in bytes for a device of {@code deviceBytes}; {@code value} is null when the property is not set. */
    public static long cap(String property, String value, long deviceBytes) {
        if (value == null) {
            return deviceBytes / 8;
        }
        try {
            long bytes = Long.parseLong(value.trim());
            if (bytes >= 0) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + property + "=" + value
                + " is not understood: give a number of bytes, 0 to keep no released device memory");
    }
}
