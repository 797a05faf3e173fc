package org.sampleattention.opencl;

import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clGetProgramBuildInfo;
import static org.jocl.CL.clReleaseProgram;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_program;

/**
 * An OpenCL program built from {@code .cl} resources that sit beside this class, with its kernels.
 * A build failure raises an exception carrying the compiler's log.
 */
final class ClProgram implements AutoCloseable {
    private final cl_program program;
    private final List<ClKernel> kernels = new ArrayList<>();
    private final ClContext context;

    ClProgram(ClContext context, String options, String... resources) {
        this.context = context;
        StringBuilder source = new StringBuilder();
        for (String resource : resources) {
            source.append(load(resource)).append('\n');
        }
        this.program = clCreateProgramWithSource(context.context(), 1, new String[] {source.toString()}, null, null);
        try {
            clBuildProgram(program, 1, new org.jocl.cl_device_id[] {context.device().id()}, options, null, null);
        } catch (CLException e) {
            String log = buildLog();
            clReleaseProgram(program);
            throw new IllegalStateException("OpenCL build of " + List.of(resources) + " with '" + options
                    + "' failed on " + context.device().name() + " (" + e.getMessage() + "):\n" + log, e);
        }
    }

    ClKernel kernel(String name) {
        ClKernel k = new ClKernel(context, program, name);
        kernels.add(k);
        return k;
    }

    private String buildLog() {
        long[] size = new long[1];
        clGetProgramBuildInfo(program, context.device().id(), CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] log = new byte[(int) size[0]];
        clGetProgramBuildInfo(program, context.device().id(), CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
        return new String(log, StandardCharsets.UTF_8).trim();
    }

    private static String load(String resource) {
        try (InputStream in = ClProgram.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("kernel source " + resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel source " + resource, e);
        }
    }

    @Override
    public void close() {
        kernels.forEach(ClKernel::close);
        kernels.clear();
        clReleaseProgram(program);
    }
}
