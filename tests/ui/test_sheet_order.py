"""The sheet's order from the index's precomputed ranks is the order of sorting by the keys."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from editor_app.captions.findings import Finding, Severity
from editor_app.metadata.record import ExifData, PhotoMetadata
from editor_app.ops.desk import DeskPhoto
from editor_app.ui.models.sheet import ContactSheetModel
from editor_app.ui.models.sheet_view import FILTERS, SORTS, ViewOptions, index_photos, shown_order

_PHOTO = st.tuples(
    st.sampled_from(["a/x.jpg", "b/x.jpg", "B.jpg", "c.jpg", "d.JPG", "é.jpg"]),
    st.sampled_from([None, "2024-11-18T18:01:00", "2024-11-18T18:02:00", "2024-11-19"]),
    st.integers(0, 2),  # findings
    st.booleans(),  # pending write
)


def _desk(specs) -> tuple[list[DeskPhoto], dict[int, tuple[Finding, ...]]]:
    photos, findings = [], {}
    for key, (name, captured, problems, pending) in enumerate(specs, 1):
        path = Path("/desk") / name
        record = PhotoMetadata(path=path, exif=ExifData(datetime_original=captured))
        photos.append(DeskPhoto(key, record, pending_write=pending))
        if problems:
            found = Finding("duplicate-caption", Severity.ERROR, path, "m", key)
            findings[key] = (found,) * problems
    return photos, findings


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_PHOTO, max_size=12),
    st.sampled_from(list(FILTERS)),
    st.sampled_from(list(SORTS)),
)
def test_ranked_order_is_the_order_of_the_sort_keys(specs, filter_key, sort):
    photos, findings = _desk(specs)
    options = ViewOptions(filter=filter_key, sort=sort)
    index = index_photos(photos)
    shown = shown_order(photos, findings, set(), options, index)
    # the same rows, sorted by the keys themselves (a stable sort, as before the ranks)
    names, times = index.names, index.times
    by_keys = sorted(shown, key=lambda i: i)
    if sort == "name":
        by_keys.sort(key=names.__getitem__)
    elif sort == "problems":
        by_keys.sort(key=lambda i: (-len(findings.get(index.keys[i], ())), names[i]))
    else:
        by_keys.sort(key=times.__getitem__)
    assert shown == by_keys


def test_rows_of_keys_and_paths_follow_the_shown_order(qtmodeltester):
    photos, _ = _desk([("c.jpg", None, 0, False), ("a/x.jpg", "2024-11-19", 0, False)])
    listed = [DeskPhoto(0, PhotoMetadata(path=Path("/desk/new.jpg"))), *photos]
    listed.append(DeskPhoto(0, PhotoMetadata(path=Path("/desk/zz.jpg"))))
    model = ContactSheetModel()
    qtmodeltester.check(model)
    model.set_photos(listed, {})
    assert model.row_of(0) == min(model.row_of_path(p.path) for p in listed if p.key == 0)
    for photo in listed:
        row = model.row_of_path(photo.path)
        assert model.photo(row) == photo
