package org.sampleattention;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Off-heap memory from the C library's {@code malloc}, neither zeroed nor touched: its pages are
 * mapped by whoever writes them first. {@code Arena.allocate} zero-fills on the calling thread, and
 * for a fresh 128 MiB that is 50 ms of page faults on one core here (73 ms on the H200 host's Xeon),
 * where a producer that overwrites every element anyway could fault the pages in from all its threads.
 * Needs native access ({@code --enable-native-access}) and a C library that the linker finds;
 * {@link #AVAILABLE} says whether both hold, and nothing restricted runs, so no warning is printed,
 * where this module lacks native access.
 */
final class NativeMemory {
    private static final long ALIGNMENT = 64;
    private static final MethodHandle MALLOC;
    private static final MethodHandle FREE;
    static final boolean AVAILABLE;

    static {
        MethodHandle malloc = null, free = null;
        if (NativeMemory.class.getModule().isNativeAccessEnabled()) {
            try {
                Linker linker = Linker.nativeLinker();
                malloc = linker.downcallHandle(linker.defaultLookup().find("malloc").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
                free = linker.downcallHandle(linker.defaultLookup().find("free").orElseThrow(),
                        FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
            } catch (RuntimeException | LinkageError e) {
                // no C library the linker knows (an unusual platform): the zero-filling allocate serves
                malloc = null;
                free = null;
            }
        }
        MALLOC = malloc;
        FREE = free;
        AVAILABLE = malloc != null;
    }

    private NativeMemory() {
    }

    /**
     * {@code bytes} of uninitialised memory, 64-byte aligned, freed when {@code arena} closes; only
     * where {@link #AVAILABLE}.
     */
    static MemorySegment allocate(long bytes, Arena arena) {
        MemorySegment raw;
        try {
            raw = (MemorySegment) MALLOC.invokeExact(bytes + ALIGNMENT - 1);
        } catch (Throwable e) {
            throw new IllegalStateException("malloc failed", e);
        }
        if (raw.address() == 0) {
            throw new OutOfMemoryError("malloc could not find " + bytes + " bytes");
        }
        long aligned = (raw.address() + ALIGNMENT - 1) & -ALIGNMENT;
        return MemorySegment.ofAddress(aligned).reinterpret(bytes, arena, segment -> free(raw));
    }

    private static void free(MemorySegment raw) {
        try {
            FREE.invokeExact(raw);
        } catch (Throwable e) {
            throw new IllegalStateException("free failed", e);
        }
    }
}
