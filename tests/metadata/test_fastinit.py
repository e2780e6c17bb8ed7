"""``quick_init`` builds the same objects as the dataclasses' own ``__init__``."""

import dataclasses
import pickle
from pathlib import Path

import pytest

from editor_app.metadata.fastinit import quick_init
from editor_app.metadata.jpeg import Segment
from editor_app.metadata.record import Conflict, ExifData, PhotoMetadata


def test_a_record_with_defaults_and_factories_is_the_same():
    build = quick_init(PhotoMetadata)
    plain, quick = PhotoMetadata(Path("a.jpg")), build(Path("a.jpg"))
    assert quick == plain and type(quick) is PhotoMetadata
    assert quick.sources is not build(Path("a.jpg")).sources  # a new dict each time
    assert repr(quick) == repr(plain)
    assert pickle.loads(pickle.dumps(quick)) == plain  # as worker processes send records


def test_every_field_given_by_keyword_or_position():
    values = {
        f.name: getattr(PhotoMetadata(Path("x")), f.name) for f in dataclasses.fields(PhotoMetadata)
    }
    values.update(
        caption="Café", byline=("A", "B"), width=3, sources={"caption": "xmp"}, error=None,
        exif=ExifData(make="Nikon", gps_latitude=1.5), sidecar=Path("x.xmp"),
        conflicts=(Conflict("caption", {"iptc": "a", "xmp": "b"}, "xmp"),),
    )  # fmt: skip
    assert quick_init(PhotoMetadata)(**values) == PhotoMetadata(**values)
    assert quick_init(Segment)(0xE1, 2, b"Exif") == Segment(0xE1, 2, b"Exif")
    assert quick_init(ExifData)("Canon", iso=100) == ExifData("Canon", iso=100)


def test_the_objects_stay_frozen_and_wrong_calls_fail_as_before():
    quick = quick_init(Segment)(1, 2, b"")
    with pytest.raises(dataclasses.FrozenInstanceError):
        quick.marker = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        quick_init(Segment)(1, 2)
    with pytest.raises(TypeError):
        quick_init(ExifData)(colour="red")


def test_only_frozen_slotted_dataclasses_without_post_init():
    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class PostInit:
        a: int

        def __post_init__(self) -> None:
            pass

    for cls in (NoSlots, PostInit, Path):
        with pytest.raises(TypeError):
            quick_init(cls)
