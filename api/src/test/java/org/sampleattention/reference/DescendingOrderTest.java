package org.sampleattention.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DescendingOrderTest {

    @ParameterizedTest(name = "Nk={0}")
    @CsvSource({"0", "1", "2", "3", "17", "1000", "4099"})
    void orderIsDescendingWithLowerIndexFirstOnTies(int n) {
        SplittableRandom random = new SplittableRandom(n);
        double[] score = new double[n];
        for (int j = 0; j < n; j++) {
            score[j] = random.nextInt(5) == 0 ? 0.0 : random.nextInt(20) / 7.0; // many ties
        }
        int[] expected = IntStream.range(0, n).boxed()
                .sorted(Comparator.<Integer>comparingDouble(j -> -score[j]).thenComparingInt(j -> j))
                .mapToInt(Integer::intValue).toArray();
        assertArrayEquals(expected, DescendingOrder.of(score));
        // taken one at a time, the first few are the sorted prefix; then the heap is spent
        DescendingOrder order = new DescendingOrder(score);
        for (int i = 0; i < Math.min(n, 5); i++) {
            assertEquals(expected[i], order.next());
        }
        for (int i = 5; i < n; i++) {
            order.next();
        }
        assertFalse(order.hasNext());
        assertThrows(IllegalStateException.class, order::next);
    }
}
