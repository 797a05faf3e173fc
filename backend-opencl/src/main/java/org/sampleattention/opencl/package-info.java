/**
 * The OpenCL backend, on JOCL: the three stages of SampleAttention as OpenCL C kernels that sit beside
 * this package's classes as resources ({@code elements.cl}, {@code sampling.cl}, {@code filter.cl},
 * {@code attention.cl}).
 *
 * <ul>
 *   <li>{@link org.sampleattention.opencl.OpenClBackend} probes platforms and devices and picks one
 *       ({@code -Dsampleattention.opencl.device=INDEX|NAME}, else the first GPU, else any device); a
 *       GPU ranks above the cpu backend, a CPU device such as PoCL below it.</li>
 *   <li>Sampling computes each sampled row's softmax statistics, then reduces the probabilities into
 *       per-block residual column scores inside the kernel, so probability rows are never stored.</li>
 *   <li>Filtering stays on the device: a bitonic sort of the columns by total residual, a work-group
 *       scan per sampled block for its shortest sufficient prefix, and a compaction into ascending
 *       column indices; the host reads the finished plan once.</li>
 *   <li>Attention is one tiled kernel with an online softmax: a sparse head streams its selected
 *       K/V columns, gathered once into contiguous buffers, then its window; a dense head every key
 *       it sees.</li>
 * </ul>
 *
 * <p>Kernels that depend on the head dim are compiled per head dim on first use, with tiles sized
 * from the device's local memory; f16 is read with {@code vload_half} (no {@code cl_khr_fp16}
 * needed), bf16 widened by a shift, and all arithmetic is f32.
 *
 * <p>On an NVIDIA GPU of compute capability 8.0 or newer, f16 and bf16 inputs at head dims that are
 * multiples of 16 up to 128 run on tensor-core kernels instead ({@code tensor_cores.cl},
 * {@code sampling_mma.cl}, {@code attention_mma.cl}): NVIDIA's OpenCL compiler passes inline PTX
 * through, so they use {@code mma.sync}, {@code ldmatrix} and {@code cp.async} with the structure of
 * the CUDA backend's kernels ({@link org.sampleattention.opencl.TensorCorePath} decides;
 * {@code -Dsampleattention.opencl.tensorCores=off} keeps the portable kernels).
 *
 * <p>JOCL 2.0.5 opens the ICD loader as {@code libOpenCL.so}, a name only the loader's development
 * package installs (Debian/Ubuntu: {@code ocl-icd-opencl-dev}); with just {@code libOpenCL.so.1} the
 * backend reports itself unavailable with that reason. This module's tests put a link to
 * {@code libOpenCL.so.1} on {@code LD_LIBRARY_PATH}.
 */
package org.sampleattention.opencl;
