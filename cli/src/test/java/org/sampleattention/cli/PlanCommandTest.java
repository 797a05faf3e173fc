package org.sampleattention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sampleattention.DType;
import org.sampleattention.cli.image.PlanImage;
import org.sampleattention.cli.tensorfile.TensorFileFormat;

class PlanCommandTest {
    @TempDir
    Path dir;

    @Test
    void drawsAPlanFileAsPng() throws IOException {
        Path plan = Files.writeString(dir.resolve("p.json"), "{\"nq\": 64, \"nk\": 64, \"heads\": ["
                + "{\"qHead\": 0, \"kvHead\": 0, \"dense\": false, \"window\": 4, \"columns\": [2]},"
                + "{\"qHead\": 1, \"kvHead\": 0, \"dense\": false, \"window\": 4, \"columns\": [7, 30]}]}");
        Path png = dir.resolve("p.png");
        Cli c = Cli.run("plan", "--from-plan", plan.toString(), "--head", "1", "--png", png.toString(), "--size", "64").ok();
        assertTrue(c.out().contains("q-head 1 (kv-head 0), 2 columns, window 4"), c.out());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(64, image.getWidth());
        assertEquals(64, image.getHeight());
        assertEquals(PlanImage.COLUMN, image.getRGB(30, 60) & 0xffffff);
        assertEquals(PlanImage.VISIBLE, image.getRGB(2, 60) & 0xffffff, "column 2 belongs to head 0, not head 1");
    }

    @Test
    void samplesTensorFilesAndDrawsTheHeatMapBesideThePlan() throws IOException {
        TestTensors.writeSet(dir, TensorFileFormat.NPY, DType.F32, 2, 1, 160, 8);
        Path png = dir.resolve("h.png");
        Cli c = Cli.run("plan", "--q", dir.resolve("q.npy").toString(), "--k", dir.resolve("k.npy").toString(), "--v",
                dir.resolve("v.npy").toString(), "--png", png.toString(), "--heatmap", "--size", "160",
                "--backend", "reference", "--min-sparse-length", "0", "--sample-block", "16").ok();
        assertTrue(c.out().contains("columns"), c.out());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(2 * 160 + 8, image.getWidth());
        // the last query rows attend mostly to the planted stripes: near white-hot in the heat map, other keys dark
        assertTrue(brightness(image, 168 + TestTensors.STRIPE_A, 159) > 700);
        assertTrue(brightness(image, 168 + TestTensors.STRIPE_B, 159) > 700);
        assertTrue(brightness(image, 168 + 50, 159) < 200);
        assertEquals(PlanImage.COLUMN, image.getRGB(TestTensors.STRIPE_B, 159) & 0xffffff, "the stripe is kept");
    }

    private static int brightness(BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y);
        return (rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff);
    }

    @Test
    void drawsAGeneratedWorkload() throws IOException {
        Path png = dir.resolve("w.png");
        Cli c = Cli.run("plan", "--workload", "stripe", "--seq-len", "300", "--heads", "2", "--kv-heads", "1",
                "--head-dim", "16", "--head", "1", "--png", png.toString(), "--size", "100", "--backend", "reference",
                "--min-sparse-length", "0", "--sample-block", "16").ok();
        assertTrue(c.out().contains("q-head 1 (kv-head 0)"), c.out());
        assertEquals(100, ImageIO.read(png.toFile()).getWidth());
        Cli.run("plan", "--workload", "stripe", "--png", png.toString()).badInput("--seq-len is required");
    }

    @Test
    void notesWhenTheInputIsTooShortForSparseAttention() throws IOException {
        TestTensors.writeSet(dir, TensorFileFormat.NPY, DType.F32, 2, 1, 64, 8);
        Cli c = Cli.run("plan", "--q", dir.resolve("q.npy").toString(), "--k", dir.resolve("k.npy").toString(), "--v",
                dir.resolve("v.npy").toString(), "--png", dir.resolve("d.png").toString(), "--backend", "reference").ok();
        assertTrue(c.err().startsWith("note: Nk = 64 is below --min-sparse-length 4096"), c.err());
        assertTrue(c.out().contains("dense"), c.out());
    }

    @Test
    void badRequests() throws IOException {
        Path plan = Files.writeString(dir.resolve("p.json"), "{\"nq\": 8, \"nk\": 8, \"heads\": ["
                + "{\"qHead\": 0, \"kvHead\": 0, \"dense\": true, \"window\": 1, \"columns\": []}]}");
        String png = dir.resolve("x.png").toString();
        Cli.run("plan", "--from-plan", plan.toString(), "--png", png, "--heatmap").badInput("--heatmap needs");
        Cli.run("plan", "--from-plan", plan.toString(), "--png", png, "--head", "3").badInput("--head 3 is out of range");
        Cli.run("plan", "--from-plan", plan.toString(), "--png", png, "--size", "2").badInput("image size must be");
        Cli.run("plan", "--from-plan", plan.toString(), "--png", dir.resolve("no/such/dir.png").toString())
                .badInput("no such file");
        Cli.run("plan", "--from-plan", plan.toString(), "--q", "q.npy", "--png", png).badInput("mutually exclusive");
        Cli.run("plan", "--png", png).badInput("Missing required argument");
    }
}
