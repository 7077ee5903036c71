#!/usr/bin/env python3
"""Writes the corpus's source images: raw pixel files (*.raw, little-endian, file order) and DCMTK
dump2dcm text (*.dump) for each, plus sources.txt (one line per source: name rows cols frames samples
bits_allocated bits_stored high_bit pixel_representation planar). Deterministic: no randomness beyond a
fixed linear congruential generator."""
import math, struct, sys, os

out = sys.argv[1] if len(sys.argv) > 1 else "."
state = [12345]
def rnd():  # LCG, deterministic across Python versions
    state[0] = (state[0] * 1103515245 + 12345) & 0x7FFFFFFF
    return state[0]

UID = "1.2.826.0.1.3680043.10.1137"  # an arbitrary test root
def uid(*parts): return UID + "." + ".".join(str(p) for p in parts)

def header(name, idx, rows, cols, frames, spp, ba, bs, hb, pr, planar, photometric, extra):
    lines = [
        "(0002,0001) OB 00\\01",
        "(0002,0002) UI =SecondaryCaptureImageStorage" if name != "ct16s" else "(0002,0002) UI =CTImageStorage",
        f"(0002,0003) UI [{uid(idx, 1)}]",
        "(0002,0010) UI =LittleEndianExplicit",
    ]
    lines += extra
    lines += [
        "(0008,0016) UI =SecondaryCaptureImageStorage" if name != "ct16s" else "(0008,0016) UI =CTImageStorage",
        f"(0008,0018) UI [{uid(idx, 1)}]",
        f"(0020,000d) UI [{uid(idx, 2)}]",
        f"(0020,000e) UI [{uid(idx, 3)}]",
        f"(0020,0013) IS [{idx}]",
        f"(0028,0002) US {spp}",
        f"(0028,0004) CS [{photometric}]",
    ]
    if spp > 1: lines.append(f"(0028,0006) US {planar}")
    if frames > 1: lines.append(f"(0028,0008) IS [{frames}]")
    lines += [
        f"(0028,0010) US {rows}",
        f"(0028,0011) US {cols}",
        f"(0028,0100) US {ba}",
        f"(0028,0101) US {bs}",
        f"(0028,0102) US {hb}",
        f"(0028,0103) US {pr}",
    ]
    return lines

def write(name, idx, rows, cols, frames, spp, ba, bs, hb, pr, planar, photometric, values, extra, enc="ascii"):
    fmt = {8: "B" if pr == 0 else "b", 16: "H" if pr == 0 else "h", 32: "I" if pr == 0 else "i"}[ba]
    raw = struct.pack("<%d%s" % (len(values), fmt), *values)
    with open(os.path.join(out, name + ".raw"), "wb") as f: f.write(raw)
    vr = "OB" if ba == 8 else "OW"
    lines = header(name, idx, rows, cols, frames, spp, ba, bs, hb, pr, planar, photometric, extra)
    lines.append(f"(7fe0,0010) {vr} ={name}.raw")
    with open(os.path.join(out, name + ".dump"), "wb") as f: f.write(("\n".join(lines) + "\n").encode(enc))
    with open(os.path.join(out, "sources.txt"), "a") as f:
        f.write(f"{name} {rows} {cols} {frames} {spp} {ba} {bs} {hb} {pr} {planar}\n")

open(os.path.join(out, "sources.txt"), "w").close()

# 1. CT-like slice: 64x64, 16-bit signed, body ellipse, lungs, bone, noise; HU = stored - 1024.
v = []
for y in range(64):
    for x in range(64):
        dx, dy = (x - 32) / 28.0, (y - 32) / 22.0
        hu = -1000
        if dx * dx + dy * dy < 1: hu = 40
        for cx in (20, 44):
            if ((x - cx) / 9.0) ** 2 + ((y - 30) / 12.0) ** 2 < 1: hu = -850
        if (x - 32) ** 2 + (y - 46) ** 2 < 16: hu = 1200
        hu += rnd() % 41 - 20
        v.append(hu + 1024 - 2000 if (x + y) % 97 == 0 else hu + 1024)  # a few negative stored values
write("ct16s", 1, 64, 64, 1, 1, 16, 16, 15, 1, 0, "MONOCHROME2", v, [
    "(0008,0005) CS [ISO_IR 100]",
    "(0008,0008) CS [ORIGINAL\\PRIMARY\\AXIAL]",
    "(0008,0060) CS [CT]",
    "(0008,1140) SQ (Sequence with undefined length)",
    "(fffe,e000) na (Item with undefined length)",
    "(0008,1150) UI =CTImageStorage",
    f"(0008,1155) UI [{uid(99, 1)}]",
    "(fffe,e00d) na (ItemDelimitationItem)",
    "(fffe,e0dd) na (SequenceDelimitationItem)",
    "(0009,0010) LO [FTD TEST]",
    "(0009,1001) LO [private value]",
    "(0009,1002) US 7\\8\\9",
    "(0010,0010) PN [M\u00fcller^J\u00f6rg]",
    "(0010,0020) LO [CT-0001]",
    "(0018,0050) DS [2.5]",
    "(0020,0032) DS [-160\\-160\\-52.5]",
    "(0020,0037) DS [1\\0\\0\\0\\1\\0]",
    "(0028,0030) DS [0.703125\\0.703125]",
    "(0028,1050) DS [40\\-600]",
    "(0028,1051) DS [400\\1500]",
    "(0028,1052) DS [-1024]",
    "(0028,1053) DS [1]",
    "(0028,1054) LO [HU]",
], enc="latin-1")

# 2. 12 bits stored in 16, unsigned, with garbage above bit 11 (masking) - native and RLE only.
v = [((rnd() % 4096) | ((rnd() % 16) << 12)) for _ in range(32 * 32)]
write("u12", 2, 32, 32, 1, 1, 16, 12, 11, 0, 0, "MONOCHROME2", v, [
    "(0008,0060) CS [OT]",
    "(0010,0010) PN [Masking^Test]",
])

# 3. 8-bit MONOCHROME1 (40 rows x 48 columns), UTF-8 character set.
v = [(x * 5 + y * 3 + rnd() % 7) % 256 for y in range(40) for x in range(48)]
write("mono8", 3, 40, 48, 1, 1, 8, 8, 7, 0, 0, "MONOCHROME1", v, [
    "(0008,0005) CS [ISO_IR 192]",
    "(0008,0060) CS [OT]",
    "(0010,0010) PN [\u00d8ster^\u00c5se=\u674e^\u534e]",
    "(0020,4000) LT [odd length]",
], enc="utf-8")

# 4. RGB, 8-bit, planar configuration 0 (24 rows x 32 columns).
v = []
for y in range(24):
    for x in range(32):
        v += [(x * 8) % 256, (y * 10) % 256, (x * y + rnd() % 5) % 256]
write("rgb8", 4, 24, 32, 1, 3, 8, 8, 7, 0, 0, "RGB", v, ["(0008,0060) CS [OT]", "(0010,0010) PN [Colour^Interleaved]"])

# 5. RGB planar configuration 1: the same pixels stored plane by plane.
pl = [v[i * 3 + c] for c in range(3) for i in range(24 * 32)]
write("rgb8p", 5, 24, 32, 1, 3, 8, 8, 7, 0, 1, "RGB", pl, ["(0008,0060) CS [OT]", "(0010,0010) PN [Colour^Planar]"])

# 6. Multi-frame: 3 frames of 32x32, 16-bit unsigned.
v = [(f * 1000 + y * 40 + x * 7 + rnd() % 100) for f in range(3) for y in range(32) for x in range(32)]
write("multi16", 6, 32, 32, 3, 1, 16, 16, 15, 0, 0, "MONOCHROME2", v, [
    "(0008,0060) CS [OT]",
    "(0010,0010) PN [Multi^Frame]",
    "(0028,0009) AT (0018,1063)",
    "(0018,1063) DS [33.3]",
])

# 7. 32-bit signed (16x16): native and RLE only (JPEG cannot hold 32 bits).
v = [(rnd() - 0x40000000) * (1 if i % 2 else -1) for i in range(16 * 16)]
write("s32", 7, 16, 16, 1, 1, 32, 32, 31, 1, 0, "MONOCHROME2", v, ["(0008,0060) CS [OT]", "(0010,0010) PN [Thirty^Two]"])

# 8. 8-bit signed (16x16).
v = [(rnd() % 256) - 128 for _ in range(16 * 16)]
write("s8", 8, 16, 16, 1, 1, 8, 8, 7, 1, 0, "MONOCHROME2", v, ["(0008,0060) CS [OT]", "(0010,0010) PN [Signed^Eight]"])
