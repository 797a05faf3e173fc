package org.sampleattention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import org.junit.jupiter.api.Test;

class ErrorHandlerTest {
    @Test
    void aBugIsAnInternalErrorNotBadInput() {
        StringWriter err = new StringWriter();
        int status = ErrorHandler.report(new NullPointerException("plan"), new PrintWriter(err), false);
        assertEquals(ExitCode.INTERNAL_ERROR, status);
        assertEquals("internal error: plan (run with --verbose for the stack trace)", err.toString().strip());
    }

    @Test
    void badInputKeepsToOneLineEvenForMultiLineMessages() {
        StringWriter err = new StringWriter();
        int status = ErrorHandler.report(new IllegalStateException("no backend\nbackends found:\n  x"),
                new PrintWriter(err), false);
        assertEquals(ExitCode.BAD_INPUT, status);
        assertEquals("error: no backend", err.toString().strip());
    }

    @Test
    void fileSystemErrorsNameTheFile() {
        StringWriter err = new StringWriter();
        ErrorHandler.report(new AccessDeniedException("/root/q.npy"), new PrintWriter(err), false);
        assertEquals("error: /root/q.npy: permission denied", err.toString().strip());
    }

    @Test
    void runningOutOfMemoryIsBadInputWithAHint() {
        StringWriter err = new StringWriter();
        int status = ErrorHandler.report(new OutOfMemoryError("Java heap space"), new PrintWriter(err), false);
        assertEquals(ExitCode.BAD_INPUT, status);
        assertTrue(err.toString().contains("JAVA_OPTS=-Xmx"), err.toString());
    }
}
