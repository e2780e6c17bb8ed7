"""duplicate-caption and near-duplicate-caption, and the similarity index behind them."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from editor_app.captions.engine import RulesEngine
from editor_app.captions.rules import Photo
from editor_app.captions.rules.duplicates import caption_groups
from editor_app.captions.similarity import edit_distance, near_duplicate_pairs, word_similarity
from editor_app.captions.text import fold
from editor_app.settings import DeskSettings
from tests.captions.photos import TODAY, findings_of, messages, record

MACRON = (
    "French President Emmanuel Macron {verb} during a news conference at the Elysee Palace "
    "in Paris, France, November 20, 2024. REUTERS/{who}"
)
PROTEST = "{subject} during a demonstration against pension reform in Paris, France, November 20, 2024. REUTERS/Abdul Saboor"  # noqa: E501


def _paris(name: str, caption: str):
    return record(name, caption=caption, city="Paris", country="France")


def test_the_same_caption_on_several_photos_flags_each_and_names_the_others():
    text = MACRON.format(verb="speaks", who="Amir Cohen")
    photos = [
        _paris("a.jpg", text),
        _paris("b.jpg", "  " + text.upper().replace(" ", "  ")),  # case and spacing
        _paris("c.jpg", text.replace("REUTERS/Amir Cohen", "REUTERS/Ammar Awad")),  # credit
        _paris("d.jpg", MACRON.format(verb="waves", who="Amir Cohen")),
    ]
    found = findings_of("duplicate-caption", *photos)
    assert [(f.path.name, f.message) for f in found] == [
        ("a.jpg", "The same caption is on 2 other photos: b.jpg, c.jpg."),
        ("b.jpg", "The same caption is on 2 other photos: a.jpg, c.jpg."),
        ("c.jpg", "The same caption is on 2 other photos: a.jpg, b.jpg."),
    ]


def test_duplicates_in_different_folders_are_named_by_path():
    text = MACRON.format(verb="speaks", who="Amir Cohen")
    found = findings_of("duplicate-caption", _paris("x/a.jpg", text), _paris("y/a.jpg", text))
    assert [f.message for f in found] == [
        "The same caption is on 1 other photo: y/a.jpg.",
        "The same caption is on 1 other photo: x/a.jpg.",
    ]


def test_copies_of_one_frame_share_their_caption_without_a_finding():
    # the same frame as JPEG, TIFF and a small PNG (the corpus's Reagan files): one picture
    text = MACRON.format(verb="speaks", who="Amir Cohen")
    frame = "2004-06-21T23:37:53.06"
    copies = [record(n, caption=text, taken=frame) for n in ("a.jpg", "a.tif", "a-small.png")]
    assert findings_of("duplicate-caption", *copies) == []
    engine = RulesEngine(today=TODAY)
    engine.load(dict(enumerate(copies)))
    assert [f for f in engine.all_findings() if f.rule == "duplicate-caption"] == []  # the window
    # another frame with that caption is flagged, and named to each copy; the copies are not
    other = record("b.jpg", caption=text, taken="2004-06-21T23:37:54.10")
    found = findings_of("duplicate-caption", *copies, other)
    assert [(f.path.name, f.message) for f in found] == [
        ("a.jpg", "The same caption is on 1 other photo: b.jpg."),
        ("a.tif", "The same caption is on 1 other photo: b.jpg."),
        ("a-small.png", "The same caption is on 1 other photo: b.jpg."),
        ("b.jpg", "The same caption is on 3 other photos: a.jpg, a.tif, a-small.png."),
    ]


def test_frames_of_one_second_are_not_taken_for_one_frame():
    # no fraction: a burst, or a camera whose clock was never set; another photographer
    text = MACRON.format(verb="speaks", who="Amir Cohen")
    second = [record(n, caption=text, taken="2000-01-01T00:00:00") for n in ("a.jpg", "b.jpg")]
    assert len(findings_of("duplicate-caption", *second)) == 2
    frame = "2004-06-21T23:37:53.06"
    two = [record(n, caption=text, taken=frame, byline=(n,)) for n in ("a.jpg", "b.jpg")]
    assert len(findings_of("duplicate-caption", *two)) == 2


def test_different_captions_and_empty_ones_are_no_duplicates():
    photos = [
        _paris("a.jpg", ""),
        _paris("b.jpg", ""),
        _paris("c.jpg", "REUTERS/Jane Doe"),
        _paris("d.jpg", "REUTERS/Jane Doe"),
        _paris("e.jpg", MACRON.format(verb="speaks", who="A B")),
    ]
    assert findings_of("duplicate-caption", *photos) == []


def test_a_word_changed_is_a_near_duplicate():
    photos = [
        _paris("a.jpg", MACRON.format(verb="speaks", who="Amir Cohen")),
        _paris("b.jpg", MACRON.format(verb="gestures", who="Amir Cohen")),
    ]
    assert messages("near-duplicate-caption", *photos) == [
        "The caption is nearly the same as the one on b.jpg (1 word changed); was it copied "
        "onto the wrong photo?",
        "The caption is nearly the same as the one on a.jpg (1 word changed); was it copied "
        "onto the wrong photo?",
    ]


def test_two_words_changed_in_a_longer_caption_is_a_near_duplicate():
    a = (
        "Supporters of opposition leader Jane Roe hold flags and chant slogans outside the "
        "electoral commission headquarters in Nairobi, Kenya, August 9, 2022. REUTERS/Ann Lee"
    )
    b = a.replace("hold flags", "wave banners")
    found = findings_of(
        "near-duplicate-caption", record("a.jpg", caption=a), record("b.jpg", caption=b)
    )
    assert [f.path.name for f in found] == ["a.jpg", "b.jpg"]
    assert "(2 words changed)" in found[0].message


def test_captions_of_one_event_that_share_place_date_and_credit_are_not_near_duplicates():
    subjects = [
        "Protesters hold placards",
        "Riot police officers clash with protesters",
        "A protester throws a tear gas canister back at police",
        "Firefighters extinguish a burning car",
        "A woman waves a French flag from a balcony",
    ]
    photos = [_paris(f"{n}.jpg", PROTEST.format(subject=s)) for n, s in enumerate(subjects)]
    assert findings_of("near-duplicate-caption", *photos) == []
    assert findings_of("duplicate-caption", *photos) == []


def test_the_same_text_with_another_place_or_date_is_a_near_duplicate():
    a = _paris("a.jpg", MACRON.format(verb="speaks", who="Amir Cohen"))
    b = record(
        "b.jpg",
        city="Lyon",
        country="France",
        caption=MACRON.format(verb="speaks", who="Amir Cohen")
        .replace("Paris", "Lyon")
        .replace("November 20", "November 21"),
    )
    assert "(only the place or date differs)" in messages("near-duplicate-caption", a, b)[0]


def test_sports_slugs_do_not_make_captions_alike():
    slug = (
        "Soccer Football - Women's World Cup - Quarter Final - France v United States - Parc "
        "des Princes, Paris, France - June 28, 2019 "
    )
    photos = [
        record(
            "a.jpg",
            caption=slug + "Megan Rapinoe of the U.S. celebrates scoring their "
            "first goal. REUTERS/Benoit Tessier",
        ),
        record(
            "b.jpg",
            caption=slug + "France's Wendie Renard in action with Alex Morgan of "
            "the U.S. REUTERS/Benoit Tessier",
        ),
    ]
    assert findings_of("near-duplicate-caption", *photos) == []


def test_short_captions_are_left_alone_and_the_threshold_is_configurable():
    short = [
        record("a.jpg", caption="Fans cheer before the match."),
        record("b.jpg", caption="Fans react before the match."),
    ]
    assert findings_of("near-duplicate-caption", *short) == []
    loose = DeskSettings(near_duplicate_min_words=3)
    assert len(findings_of("near-duplicate-caption", *short, settings=loose)) == 2
    strict = DeskSettings(near_duplicate_threshold=0.95)
    photos = [
        _paris("a.jpg", MACRON.format(verb="speaks", who="A B")),
        _paris("b.jpg", MACRON.format(verb="gestures", who="A B")),
    ]
    assert findings_of("near-duplicate-caption", *photos, settings=strict) == []


def test_word_similarity():
    assert word_similarity(["a", "b", "c", "d", "e"], ["a", "b", "x", "d", "e"]) == 0.8
    assert word_similarity(["a", "b", "c", "d"], ["a", "b", "c", "d", "e"]) == 0.8
    assert word_similarity([], []) == 1.0


def _table_distance(a, b):
    """The textbook dynamic programme, the reference for the bit-parallel edit_distance."""
    previous = list(range(len(b) + 1))
    for i, word in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j - 1] + (word != other), previous[j] + 1, current[-1] + 1))
        previous = current
    return previous[-1]


@settings(max_examples=400, deadline=None)
@given(
    a=st.lists(st.sampled_from(["a", "b", "c", "the", "in", "B"]), max_size=80),
    b=st.lists(st.sampled_from(["a", "b", "c", "the", "in", "B"]), max_size=80),
    limit=st.integers(0, 90),
)
def test_edit_distance_equals_the_table_capped_at_limit(a, b, limit):
    assert edit_distance(a, b, limit) == min(_table_distance(a, b), limit + 1)


def test_edit_distance_of_long_captions():  # past one machine word of bits
    a = [f"w{i}" for i in range(150)]
    b = a[:40] + ["x"] + a[41:100] + a[101:] + ["y", "z"]
    assert edit_distance(a, b, 10) == 4 == _table_distance(a, b)
    assert edit_distance(a, b, 3) == 4


_WORDS = st.lists(
    st.sampled_from(["a", "b", "c", "d", "e", "f", "the", "in"]), min_size=4, max_size=12
)


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(_WORDS, min_size=2, max_size=25),
    threshold=st.sampled_from([0.6, 0.7, 0.75, 0.8, 0.9]),
)
def test_the_index_finds_exactly_the_pairs_a_full_comparison_finds(texts, threshold):
    got = {
        (p.first, p.second)
        for p in near_duplicate_pairs(texts, threshold, 4, max_candidates=10**9, max_postings=10**9)
    }
    expected = {
        (i, j)
        for i in range(len(texts))
        for j in range(i + 1, len(texts))
        if word_similarity(texts[i], texts[j]) >= threshold - 1e-9
    }
    assert got == expected


def test_same_event_asks_each_pair_of_photos_once(monkeypatch):
    from editor_app.captions.agencies import agency_table
    from editor_app.captions.rules import duplicates, prepare

    asked = []
    real = duplicates.different_events
    monkeypatch.setattr(
        duplicates, "different_events", lambda a, b, h: asked.append(1) or real(a, b, h)
    )
    table = agency_table(DeskSettings())
    one = prepare(record("a.jpg", caption="A", taken="2024-11-20T10:00:00"), table)
    two = prepare(record("b.jpg", caption="B", taken="2024-11-22T10:00:00"), table)
    facts = duplicates.SameEvent(12)
    assert not facts.same_event(one, two)
    assert not facts.same_event(two, one)  # the same question the other way round
    assert len(asked) == 1


def test_copies_of_a_caption_are_measured_against_another_once(monkeypatch):
    """A feed repeats captions word for word: a pair of distinct word lists is measured once,
    however many copies of each the batch holds (the pairs found are the same)."""
    from editor_app.captions import similarity

    measured = []
    real = similarity._distance
    monkeypatch.setattr(
        similarity, "_distance", lambda a, *rest: measured.append(tuple(a)) or real(a, *rest)
    )
    first = ["fans", "cheer", "before", "the", "match", "at", "the", "stadium", "in", "paris"]
    second = ["fans", "cheer", "after", "the", "match", "at", "the", "stadium", "in", "paris"]
    pairs = near_duplicate_pairs([first, second, first, second, first], 0.8, 4)
    assert {(p.first, p.second, p.edits) for p in pairs} == {
        (0, 1, 1), (0, 2, 0), (0, 3, 1), (0, 4, 0), (1, 2, 1), (1, 3, 0), (1, 4, 1),
        (2, 3, 1), (2, 4, 0), (3, 4, 1),
    }  # fmt: skip
    assert len(measured) == 3  # first-first, first-second, second-second


def test_frames_from_one_spot_are_compared_without_trigonometry(monkeypatch):
    """A feed's frames of one event carry the same GPS position: no distance is worked out."""
    from editor_app.captions import events

    spot, far = (48.8582, 2.2945), (51.5072, -0.1276)
    one = events.EventFacts(None, spot, "", "", "")
    assert events.different_events(one, events.EventFacts(None, far, "", "", ""), 12)
    asked = []
    monkeypatch.setattr(events, "distance_km", lambda a, b: asked.append(1) or 0.0)
    assert not events.different_events(one, events.EventFacts(None, spot, "", "", ""), 12)
    assert asked == []


# Bodies from few pieces, so that equal folds (case, accents, punctuation, spacing) are common.
_BODY = st.lists(
    st.sampled_from(["Paris", "paris", "PARÍS", "Café", "cafe", "U.S.", "u s", "O'Neil", "o neil"])
    | st.sampled_from(["Straße", "strasse", "Ωmega", "ωmega", "x-ray", "x ray", "1", "½", "ﬁx"])
    | st.sampled_from([" ", "  ", ",", ".", "-", "'", "’", "_", "\n", "!", "é", "\u0301"]),
    max_size=8,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(bodies=st.lists(_BODY, max_size=12))
@example(bodies=["x-ray", "Paris", "X ray"])  # one rough key, two folds, another caption between
def test_caption_groups_equal_grouping_by_fold(bodies):
    photos = [Photo(record(f"{n}.jpg"), body, None, None, ()) for n, body in enumerate(bodies)]
    plain: dict[str, list[Photo]] = {}
    for photo in photos:
        if key := fold(photo.body):
            plain.setdefault(key, []).append(photo)
    assert caption_groups(photos) == list(plain.values())
