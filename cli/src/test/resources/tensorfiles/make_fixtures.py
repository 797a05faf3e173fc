# Regenerates the fixtures the tensor-file tests compare against: files written by numpy itself (and a
# .safetensors file laid out per the format specification), so our readers are checked against files
# we did not write. Values are (i * 0.25 - 1) for flat index i, exact in f32, f16 and bf16.
import json
import struct

import numpy as np

values = (np.arange(2 * 3 * 4, dtype=np.float32) * 0.25 - 1).reshape(2, 3, 4)
np.save("f32.npy", values)
np.save("f16.npy", values.astype("<f2"))
np.save("f32_batched.npy", values[None])
with open("f32_v2.npy", "wb") as f:
    np.lib.format.write_array(f, values, version=(2, 0))


def bf16_bytes(a):
    return (a.astype("<f4").view("<u4") >> 16).astype("<u2").tobytes()


tensors = {
    "q": ("F32", values.astype("<f4").tobytes()),
    "k": ("F16", values.astype("<f2").tobytes()),
    "v": ("BF16", bf16_bytes(values)),
}
header, data = {"__metadata__": {"format": "pt"}}, b""
for name, (dtype, raw) in tensors.items():
    header[name] = {"dtype": dtype, "shape": list(values.shape), "data_offsets": [len(data), len(data) + len(raw)]}
    data += raw
text = json.dumps(header).encode()
with open("mixed.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(text)) + text + data)
