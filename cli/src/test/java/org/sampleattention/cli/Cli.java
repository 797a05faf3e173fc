package org.sampleattention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command in-process and captures what it prints. */
record Cli(int exit, String out, String err) {

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = SampleAttentionCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Cli(exit, out.toString(), err.toString());
    }

    /** Asserts a bad-input failure: exit 2, one line on stderr naming the problem, no stack trace. */
    Cli badInput(String problem) {
        assertEquals(ExitCode.BAD_INPUT, exit, () -> "exit status; stderr: " + err);
        assertEquals(1, err.strip().lines().count(), () -> "one line on stderr, got: " + err);
        assertTrue(err.startsWith("error: "), err);
        assertTrue(err.contains(problem), () -> "expected '" + problem + "' in: " + err);
        assertFalse(err.contains("Exception"), err);
        return this;
    }

    Cli ok() {
        assertEquals(ExitCode.OK, exit, () -> "exit status; stderr: " + err);
        return this;
    }
}
