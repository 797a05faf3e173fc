package org.sampleattention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AttentionInputTest {
    private static final List<Tensor> OPEN = new ArrayList<>();

    private static Tensor t(DType dtype, long... dims) {
        Tensor t = Tensor.allocate(dtype, dims);
        OPEN.add(t);
        return t;
    }

    private static Tensor t(long... dims) {
        return t(DType.F32, dims);
    }

    @AfterEach
    void free() {
        OPEN.forEach(Tensor::close);
        OPEN.clear();
    }

    @Test
    void groupedQueryHeadsMapToTheirKvHead() {
        AttentionInput in = new AttentionInput(t(8, 5, 16), t(2, 9, 16), t(2, 9, 16));
        assertEquals(4, in.groupSize());
        assertEquals(0, in.kvHeadOf(3));
        assertEquals(1, in.kvHeadOf(4));
        assertEquals(4, in.positionOf(0)); // queries are the last 5 of 9 positions
        assertEquals(8, in.positionOf(4));
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("rank", (Runnable) () -> new AttentionInput(t(4, 16), t(1, 4, 16), t(1, 4, 16))),
                Arguments.of("same shape", (Runnable) () -> new AttentionInput(t(1, 4, 16), t(1, 4, 16), t(1, 5, 16))),
                Arguments.of("one dtype", (Runnable) () -> new AttentionInput(t(DType.F16, 1, 4, 16), t(1, 4, 16), t(1, 4, 16))),
                Arguments.of("head dim", (Runnable) () -> new AttentionInput(t(1, 4, 8), t(1, 4, 16), t(1, 4, 16))),
                Arguments.of("multiple of kv heads", (Runnable) () -> new AttentionInput(t(3, 4, 16), t(2, 4, 16), t(2, 4, 16))),
                Arguments.of("empty sequence", (Runnable) () -> new AttentionInput(t(1, 0, 16), t(1, 4, 16), t(1, 4, 16))),
                Arguments.of("empty sequence", (Runnable) () -> new AttentionInput(t(1, 0, 16), t(1, 0, 16), t(1, 0, 16))),
                Arguments.of("must not exceed Nk", (Runnable) () -> new AttentionInput(t(1, 5, 16), t(1, 4, 16), t(1, 4, 16))),
                Arguments.of("at least 1", (Runnable) () -> new AttentionInput(t(0, 4, 16), t(0, 4, 16), t(0, 4, 16))),
                Arguments.of("head dim must be at least 1", (Runnable) () -> new AttentionInput(t(1, 4, 0), t(1, 4, 0), t(1, 4, 0))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badShapesAreRejectedWithTheReason(String expectedPhrase, Runnable construct) {
        var e = assertThrows(IllegalArgumentException.class, construct::run);
        assertTrue(e.getMessage().contains(expectedPhrase), e.getMessage());
    }
}
