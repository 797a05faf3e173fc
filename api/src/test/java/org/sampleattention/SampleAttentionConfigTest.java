package org.sampleattention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SampleAttentionConfigTest {

    @Test
    void defaultsAreThoseOfTheDesign() {
        SampleAttentionConfig c = SampleAttentionConfig.defaults();
        assertEquals(0.95, c.alpha());
        assertEquals(0.05, c.sampleRatio());
        assertEquals(0.08, c.windowRatio());
        assertEquals(64, c.sampleBlock());
        assertEquals(4096, c.minSparseLength());
        assertEquals(0.8, c.denseFallbackDensity());
        assertTrue(c.causal());
        assertFalse(c.scale().isPresent());
        assertEquals(1 / Math.sqrt(128), c.scaleFor(128), 1e-15);
    }

    @Test
    void windowIsAtLeastOneKeyAndRoundsUp() {
        assertEquals(1, SampleAttentionConfig.builder().windowRatio(0).build().windowFor(1000));
        assertEquals(80, SampleAttentionConfig.defaults().windowFor(1000));
        assertEquals(82, SampleAttentionConfig.defaults().windowFor(1025)); // ceil(82.0)
        assertEquals(7, SampleAttentionConfig.builder().windowRatio(1).build().windowFor(7));
    }

    @Test
    void toBuilderKeepsEveryValue() {
        SampleAttentionConfig c = SampleAttentionConfig.builder().alpha(0.9).sampleRatio(0.1).windowRatio(0.2)
                .sampleBlock(16).minSparseLength(0).denseFallbackDensity(0.5).scale(0.25).causal(false).build();
        assertEquals(c.toString(), c.toBuilder().build().toString());
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                bad("alpha", "(0, 1]", b -> b.alpha(0)),
                bad("alpha", "(0, 1]", b -> b.alpha(1.0001)),
                bad("alpha", "(0, 1]", b -> b.alpha(Double.NaN)),
                bad("sampleRatio", "(0, 1]", b -> b.sampleRatio(0)),
                bad("sampleRatio", "(0, 1]", b -> b.sampleRatio(-0.1)),
                bad("sampleRatio", "(0, 1]", b -> b.sampleRatio(2)),
                bad("windowRatio", "[0, 1]", b -> b.windowRatio(-0.01)),
                bad("windowRatio", "[0, 1]", b -> b.windowRatio(1.5)),
                bad("windowRatio", "[0, 1]", b -> b.windowRatio(Double.NaN)),
                bad("sampleBlock", "[1, 65536]", b -> b.sampleBlock(0)),
                bad("sampleBlock", "[1, 65536]", b -> b.sampleBlock(70000)),
                bad("minSparseLength", "[0, ", b -> b.minSparseLength(-1)),
                bad("denseFallbackDensity", "[0, 1]", b -> b.denseFallbackDensity(-0.5)),
                bad("denseFallbackDensity", "[0, 1]", b -> b.denseFallbackDensity(1.2)),
                bad("scale", "(0, inf)", b -> b.scale(0)),
                bad("scale", "(0, inf)", b -> b.scale(-1)),
                bad("scale", "(0, inf)", b -> b.scale(Double.POSITIVE_INFINITY)),
                bad("scale", "(0, inf)", b -> b.scale(Double.NaN)));
    }

    private static Arguments bad(String parameter, String range, Consumer<SampleAttentionConfig.Builder> set) {
        return Arguments.of(parameter, range, set);
    }

    @ParameterizedTest(name = "{0} outside {1}")
    @MethodSource("invalidValues")
    void everyOutOfRangeValueNamesTheParameterAndRange(String parameter, String range,
                                                       Consumer<SampleAttentionConfig.Builder> set) {
        var e = assertThrows(IllegalArgumentException.class, () -> set.accept(SampleAttentionConfig.builder()));
        assertTrue(e.getMessage().startsWith(parameter + " "), e.getMessage());
        assertTrue(e.getMessage().contains(range), e.getMessage());
    }
}
