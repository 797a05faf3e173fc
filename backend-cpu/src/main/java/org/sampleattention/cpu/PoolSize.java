package org.sampleattention.cpu;

/**
 * How many worker threads a cpu engine starts when the application does not say: the system property
 * {@value #PROPERTY} (for a JVM that shares the machine, e.g. with an inference server, or a CLI run
 * with {@code JAVA_OPTS=-Dsampleattention.cpu.threads=4}), else one per available processor.
 */
final class PoolSize {
    /** The system property that sizes the pool; the same name as the Guice binding {@link CpuModule#THREADS}. */
    static final String PROPERTY = "sampleattention.cpu.threads";
    /** The most threads a {@link java.util.concurrent.ForkJoinPool} runs. */
    static final int MAX_THREADS = 0x7fff;

    private PoolSize() {
    }

    /** The pool size this JVM's settings ask for; a clear exception if the property is not a positive integer. */
    static int fromSystem() {
        return parse(System.getProperty(PROPERTY), Runtime.getRuntime().availableProcessors());
    }

    /** {@code threads}, if a pool can run that many; else a clear exception with the range. */
    static int require(int threads) {
        if (!runnable(threads)) {
            throw new IllegalArgumentException("threads must be from 1 to " + MAX_THREADS + ", got " + threads);
        }
        return threads;
    }

    static int parse(String value, int processors) {
        if (value == null) {
            return processors;
        }
        int threads;
        try {
            threads = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            threads = 0;
        }
        if (!runnable(threads)) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + " is not a thread count: give an "
                    + "integer from 1 to " + MAX_THREADS + ", or leave it unset for one thread per processor ("
                    + processors + ")");
        }
        return threads;
    }

    private static boolean runnable(int threads) {
        return threads >= 1 && threads <= MAX_THREADS;
    }
}
