"""Rewrite a ptrhook trace so that its first packed EVENTS block announces
twice the records its payload holds, with a correct checksum: only the
unpacking can notice.  Usage: repack.py IN OUT (prints the block's offset).
The layouts are those of runtime/include/ptrhook_trace_format.h."""
import struct
import sys

M = (1 << 64) - 1


def checksum(seed, data):
    w = struct.unpack("<%dQ" % (len(data) // 8), data)
    even = (seed + sum(w[0::2])) & M
    odd = sum(w[1::2]) & M
    return (even + (((odd << 17) | (odd >> 47)) & M) + len(w)) & M


data = bytearray(open(sys.argv[1], "rb").read())
off = struct.unpack_from("<I", data, 12)[0]  # header_size
while off + 48 <= len(data):
    magic, typ, flags, size = struct.unpack_from("<IHHI", data, off)
    if typ == 1 and flags & 16:  # EVENTS, PTRHOOK_TRACE_F_PACKED
        records = struct.unpack_from("<I", data, off + 20)[0]
        struct.pack_into("<I", data, off + 20, 2 * records)
        struct.pack_into("<Q", data, off + 40, 0)
        payload = bytes(data[off + 48: off + 48 + size])
        struct.pack_into("<Q", data, off + 40,
                         checksum(checksum(0, bytes(data[off:off + 48])), payload))
        open(sys.argv[2], "wb").write(data)
        print(off)
        sys.exit(0)
    off += 48 + size
sys.exit("no packed event block")
