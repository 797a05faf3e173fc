package org.sampleattention.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr over a known number of steps, showing the current step's name and the
 * elapsed time (which keeps ticking during a long step). Off when stderr is not a terminal or with
 * {@code --quiet}, so scripts and logs see no control characters.
 */
final class Progress implements AutoCloseable {
    private ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    static Progress start(String task, int steps, OutputOptions output) {
        if (output.quiet() || !onTerminal()) {
            return new Progress(null);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(steps)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(250)
                .continuousUpdate()
                .hideEta()
                .clearDisplayOnFinish()
                .build();
        return new Progress(bar);
    }

    /** Names the step now running. */
    void begin(String step) {
        if (bar != null) {
            bar.setExtraMessage(step);
        }
    }

    /** Marks a step done. */
    void done() {
        if (bar != null) {
            bar.step();
        }
    }

    private static boolean onTerminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    /** Clears the bar; idempotent, so a command may close it before printing its results. */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
