package org.sampleattention.conformance;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The query rows a criterion checks. Small inputs: every row. Long inputs: rows at a regular stride
 * ending on the last row, plus every row of the last sampled block (where the needle is queried), so
 * the kit's f64 oracle stays affordable at 128K tokens. Reports say which was used.
 */
public final class EvaluationRows {
    private static final int TAIL = 64;

    private EvaluationRows() {
    }

    /** At most about {@code budget + 64} rows of {@code queryLength}, ascending. */
    public static int[] choose(int queryLength, int budget) {
        if (queryLength <= budget + TAIL) {
            return IntStream.range(0, queryLength).toArray();
        }
        int stride = (queryLength + budget - 1) / budget;
        IntStream strided = IntStream.iterate(queryLength - 1, i -> i >= 0, i -> i - stride);
        IntStream tail = IntStream.range(queryLength - TAIL, queryLength);
        int[] rows = IntStream.concat(strided, tail).distinct().toArray();
        Arrays.sort(rows);
        return rows;
    }

    public static boolean all(int[] rows, int queryLength) {
        return rows.length == queryLength;
    }
}
