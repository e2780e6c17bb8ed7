# The native DC scan (_dcscan.c); see dcscale.py.
from mmap import mmap

def dc_planes(
    data: bytes | bytearray | memoryview | mmap, /
) -> tuple[int, int, int, int, tuple[tuple[bytes, int, int, int, int], ...]] | None: ...
