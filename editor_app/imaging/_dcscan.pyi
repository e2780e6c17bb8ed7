# The native DC scan (_dcscan.c); see dcscale.py. ``data``: bytes, which no one can change
# while the scan reads them without the GIL.
def dc_planes(
    data: bytes, /
) -> tuple[int, int, int, int, tuple[tuple[bytes, int, int, int, int], ...]] | None: ...
