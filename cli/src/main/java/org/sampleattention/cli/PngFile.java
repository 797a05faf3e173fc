package org.sampleattention.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes images as PNG without a display (AWT headless). */
final class PngFile {
    private PngFile() {
    }

    static void write(BufferedImage image, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new java.nio.file.NoSuchFileException(parent.toString(), null, "directory does not exist");
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer is available in this JVM");
        }
    }
}
