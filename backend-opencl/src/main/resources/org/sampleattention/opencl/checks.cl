// Input checks on the device, so that device-resident inputs are checked where they live and host
// inputs need no host-side pass: a NaN or infinity would silently poison every softmax it touches.

// Sets flags[slot] when any of the count elements (of storage type dtype) is NaN or infinite, by its
// exponent bits: all ones in f32 (8 bits), f16 (5 bits) and bf16 (8 bits).
__kernel void find_non_finite(const __global uchar* data, int dtype, ulong count, __global int* flags, int slot) {
    const ulong stride = get_global_size(0);
    bool bad = false;
    for (ulong i = get_global_id(0); i < count && !bad; i += stride) {
        if (dtype == 0) {
            bad = (((const __global uint*) data)[i] & 0x7f800000u) == 0x7f800000u;
        } else {
            const uint bits = ((const __global ushort*) data)[i];
            bad = dtype == 1 ? (bits & 0x7c00u) == 0x7c00u : (bits & 0x7f80u) == 0x7f80u;
        }
    }
    if (bad) {
        flags[slot] = 1;
    }
}
