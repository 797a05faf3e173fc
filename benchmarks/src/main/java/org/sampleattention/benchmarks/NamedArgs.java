package org.sampleattention.benchmarks;

/** {@code name=value} command-line arguments of the report mains (not JMH's, which parses its own). */
final class NamedArgs {
    private final String[] args;

    NamedArgs(String[] args) {
        this.args = args;
    }

    String get(String name, String fallback) {
        for (String a : args) {
            if (a.startsWith(name + "=")) {
                return a.substring(name.length() + 1);
            }
        }
        return fallback;
    }

    String required(String name) {
        String value = get(name, null);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name + "=...");
        }
        return value;
    }
}
