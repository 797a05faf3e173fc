package org.sampleattention.cli;

/** The exit statuses scripts can rely on. */
public final class ExitCode {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The command ran, and what it checked failed (a conformance case). */
    public static final int FAILED = 1;
    /** Bad input: a file, an option, a setting or a backend that cannot be used. */
    public static final int BAD_INPUT = 2;
    /** A fault inside the program or a backend; a bug to report. */
    public static final int INTERNAL_ERROR = 3;

    private ExitCode() {
    }
}
