package org.sampleattention.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sampleattention.DType;

/** Which head dim a call runs at, and that the padding kernels exist (no device needed). */
class HeadDimPaddingTest {

    @ParameterizedTest(name = "{0} d={1} runs at {2}")
    @CsvSource({
        "BF16, 1, 64", "BF16, 37, 64", "BF16, 64, 64", "F16, 65, 96", "F16, 80, 96", "BF16, 96, 96",
        "BF16, 100, 128", "F16, 129, 256", "BF16, 200, 256", "BF16, 256, 256", "BF16, 257, 257", "F16, 512, 512",
        "F32, 8, 64", "F32, 80, 96", "F32, 112, 128", "F32, 128, 128", "F32, 129, 256", "F32, 256, 256",
        "F32, 257, 257",
    })
    void runsAtTheSmallestTileDimAtOrAboveItsOwn(DType dtype, int headDim, int expected) {
        assertEquals(expected, HeadDimPadding.runDim(dtype, headDim));
    }

    @Test
    void everyRunDimBelowItsOwnHasNoTiles() {
        for (DType dtype : DType.values()) {
            for (int d = 1; d <= 512; d++) {
                int run = HeadDimPadding.runDim(dtype, d);
                boolean tiles = TensorCoreShapes.supports(dtype, run) || F32Tiles.supports(dtype, run);
                assertTrue(run >= d, dtype + " d=" + d);
                assertTrue(run == d || tiles, dtype + " d=" + d + " padded to " + run + ", which has no tiles");
            }
        }
    }

    @Test
    void propertyTurnsThePaddingOffAndATypoIsAnError() {
        assertTrue(HeadDimPadding.enabled(null));
        assertTrue(HeadDimPadding.enabled("on"));
        assertFalse(HeadDimPadding.enabled("off"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeadDimPadding.enabled("some"));
        assertTrue(e.getMessage().contains(HeadDimPadding.PROPERTY), e.getMessage());
    }

    @Test
    void bothCopyKernelsAreEntriesOfTheLayoutModule() throws IOException {
        try (InputStream in = HeadDimPadding.class.getResourceAsStream("layout.ptx")) {
            String ptx = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(ptx.contains(".entry resize_rows_b16("), "resize_rows_b16");
            assertTrue(ptx.contains(".entry resize_rows_b32("), "resize_rows_b32");
        }
    }
}
