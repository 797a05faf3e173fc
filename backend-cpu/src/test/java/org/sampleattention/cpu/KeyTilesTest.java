package org.sampleattention.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sampleattention.DType;

/**
 * Packing keys and values onto arrays that an earlier call left full of other values: every entry is
 * either the key or value it should hold or zero padding, at lengths and head dims that leave a
 * partial last tile and padded value columns.
 */
class KeyTilesTest {

    @ParameterizedTest(name = "{0} keys={1} d={2}")
    @CsvSource({"VECTOR,100,17", "VECTOR,64,128", "VECTOR,1,3", "SCALAR,100,17", "SCALAR,130,5"})
    void reusedArraysHoldOnlyTheNewKeysAndZeroPadding(Kernels which, int length, int d) {
        TileKernels kernels = which.create();
        TileShape shape = TileShape.of(d, kernels);
        KeyBuffers buffers = dirtyBuffers(shape, length);
        try (RandomInput in = RandomInput.of(DType.F32, 1, 1, 1, length, d, length * 31L + d)) {
            KeyTiles keys = KeyTiles.allocate(length, shape, true, buffers);
            WorkerScratch.Widening scratch = new WorkerScratch(kernels, 0).widening(shape);
            keys.fill(in.k(), in.v(), 0, 0, keys.tiles, scratch.rows(), scratch.halves(), kernels);
            float[] k = in.k().toFloatArray(), v = in.v().toFloatArray();
            int[] all = new int[length];
            Arrays.setAll(all, j -> j);
            assertPacked(keys, shape, k, v, all);
            keys.release(buffers);

            // every third key, gathered onto the arrays just released (and others left dirty)
            int[] columns = java.util.stream.IntStream.range(0, length).filter(j -> j % 3 == 0).toArray();
            KeyTiles source = KeyTiles.allocate(length, shape, true, buffers);
            source.fill(in.k(), in.v(), 0, 0, source.tiles, scratch.rows(), scratch.halves(), kernels);
            assertPacked(source.gather(columns, buffers), shape, k, v, columns);
        }
    }

    /** Buffers holding arrays of every length the test takes, filled with a value no packing writes. */
    private static KeyBuffers dirtyBuffers(TileShape shape, int length) {
        KeyBuffers buffers = new KeyBuffers(Long.MAX_VALUE);
        for (int keys : new int[] {length, (length + 2) / 3}) {
            int tiles = shape.tilesFor(keys);
            for (int n : new int[] {tiles * shape.bk() * shape.d(), tiles * shape.bk() * shape.dp()}) {
                for (int copies = 0; copies < 2; copies++) {
                    float[] dirty = new float[n];
                    Arrays.fill(dirty, 7.5f);
                    buffers.give(dirty);
                }
            }
        }
        return buffers;
    }

    /** Run position t holds key {@code columns[t]}; everything past the run or past d is zero. */
    private static void assertPacked(KeyTiles run, TileShape shape, float[] k, float[] v, int[] columns) {
        int d = shape.d(), dp = shape.dp(), bk = shape.bk();
        for (int t = 0; t < run.tiles * bk; t++) {
            int tile = t / bk, j = t % bk;
            for (int c = 0; c < dp; c++) {
                boolean real = t < columns.length && c < d;
                if (c < d) {
                    assertEquals(real ? k[columns[t] * d + c] : 0f, run.kt[run.ktOffset(tile) + c * bk + j],
                            "key " + t + " dim " + c);
                }
                assertEquals(real ? v[columns[t] * d + c] : 0f, run.v[run.vOffset(tile) + j * dp + c],
                        "value " + t + " dim " + c);
            }
        }
    }
}
