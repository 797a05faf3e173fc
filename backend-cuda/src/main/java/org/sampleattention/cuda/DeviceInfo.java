package org.sampleattention.cuda;

/** What the driver reports about one CUDA device. */
record DeviceInfo(int index, String name, long totalMemory, int major, int minor, int multiprocessors,
                  int driverVersion) {

    /** The kernels use mma.sync, ldmatrix and cp.async: compute capability 8.0 (Ampere) or newer. */
    static final int MIN_MAJOR = 8;

    String label() {
        return "cuda:" + index + " (" + name + ")";
    }

    String summary() {
        return name + ", " + (totalMemory >> 20) + " MiB, compute capability " + major + "." + minor + ", "
                + multiprocessors + " SMs, driver CUDA " + driverVersion / 1000 + "." + (driverVersion % 1000) / 10;
    }
}
