package org.sampleattention.cuda;

import java.util.ArrayList;
import java.util.List;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/** The parameter list of one kernel launch, in the order of the kernel's signature. */
final class KernelArgs {
    private final List<NativePointerObject> args = new ArrayList<>();

    KernelArgs ptr(CUdeviceptr p) {
        args.add(Pointer.to(p));
        return this;
    }

    KernelArgs ptr(DeviceBuffer b) {
        return ptr(b.pointer());
    }

    /** A null device pointer, for optional kernel inputs. */
    KernelArgs nullPtr() {
        return ptr(new CUdeviceptr());
    }

    KernelArgs i32(int v) {
        args.add(Pointer.to(new int[] {v}));
        return this;
    }

    KernelArgs i64(long v) {
        args.add(Pointer.to(new long[] {v}));
        return this;
    }

    KernelArgs f32(float v) {
        args.add(Pointer.to(new float[] {v}));
        return this;
    }

    Pointer toPointer() {
        return Pointer.to(args.toArray(new NativePointerObject[0]));
    }
}
