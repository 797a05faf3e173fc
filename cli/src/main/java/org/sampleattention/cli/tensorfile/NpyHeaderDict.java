package org.sampleattention.cli.tensorfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser for the Python dictionary literal in an {@code .npy} header, such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (8, 4096, 128), }}. It understands exactly
 * what numpy writes there: quoted strings, {@code True}/{@code False}, integers (with an optional
 * Python 2 {@code L} suffix), tuples and lists; anything else is a syntax error, never evaluated.
 */
final class NpyHeaderDict {
    private static final int MAX_DIGITS = 19;

    private final String text;
    private int at;

    private NpyHeaderDict(String text) {
        this.text = text;
    }

    /** The dictionary's entries: values are {@code String}, {@code Boolean}, {@code Long} or {@code List}. */
    static Map<String, Object> parse(String text) {
        NpyHeaderDict p = new NpyHeaderDict(text);
        p.skipSpace();
        Object value = p.value();
        p.skipSpace();
        if (p.at != text.length()) {
            throw p.error("unexpected text after the dictionary");
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw p.error("the header is not a dictionary");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> dict = (Map<String, Object>) map;
        return dict;
    }

    private Object value() {
        if (at >= text.length()) {
            throw error("unexpected end of header");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> dict();
            case '(' -> sequence('(', ')');
            case '[' -> sequence('[', ']');
            case '\'', '"' -> string();
            default -> Character.isDigit(c) || c == '-' ? integer() : word();
        };
    }

    private Map<String, Object> dict() {
        Map<String, Object> map = new LinkedHashMap<>();
        expect('{');
        skipSpace();
        while (!peek('}')) {
            if (!(peek('\'') || peek('"'))) {
                throw error("dictionary keys must be quoted strings");
            }
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            if (map.put(key, value()) != null) {
                throw error("duplicate key '" + key + "'");
            }
            skipSpace();
            if (!peek('}')) {
                expect(',');
                skipSpace();
            }
        }
        expect('}');
        return map;
    }

    private List<Object> sequence(char open, char close) {
        List<Object> items = new ArrayList<>();
        expect(open);
        skipSpace();
        while (!peek(close)) {
            items.add(value());
            skipSpace();
            if (!peek(close)) {
                expect(',');
                skipSpace();
            }
        }
        expect(close);
        return items;
    }

    private String string() {
        char quote = text.charAt(at++);
        int start = at;
        while (at < text.length() && text.charAt(at) != quote) {
            if (text.charAt(at) == '\\') {
                throw error("escape sequences are not supported in header strings");
            }
            at++;
        }
        if (at >= text.length()) {
            throw error("unterminated string");
        }
        return text.substring(start, at++);
    }

    private Long integer() {
        int start = at;
        if (peek('-')) {
            at++;
        }
        while (at < text.length() && Character.isDigit(text.charAt(at))) {
            at++;
        }
        String digits = text.substring(start, at);
        if (peek('L')) {
            at++; // Python 2 long literal
        }
        if (digits.isEmpty() || digits.equals("-")) {
            throw error("malformed integer");
        }
        if (digits.replace("-", "").length() > MAX_DIGITS) {
            throw error("integer " + digits + " is too large");
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw error("integer " + digits + " is too large");
        }
    }

    private Boolean word() {
        if (text.startsWith("True", at)) {
            at += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("False", at)) {
            at += 5;
            return Boolean.FALSE;
        }
        throw error("unexpected '" + text.charAt(at) + "'");
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error(at < text.length() ? "expected '" + c + "' but found '" + text.charAt(at) + "'"
                    : "expected '" + c + "' but the header ended");
        }
        at++;
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException("malformed header at character " + at + ": " + problem);
    }
}
