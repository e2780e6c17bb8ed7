"""Time duplicate and near-duplicate caption detection on 10k and 100k synthetic records.

Run: ``.venv/bin/python benchmarks/check.py`` (optionally ``--sizes 10000 100000``).
Prints the seconds for each size (and the CPU seconds: on a shared machine the wall time also
counts other programs' turns) and the ratio of the largest to the smallest; the goal is 100k
records in under 10 s with a 10x-size ratio of at most 12 (near-linear). The records are built in
memory (no files): this measures ``validate()`` with only the two batch rules selected, which
includes working out each caption's body, credit and dates.
"""

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from editor_app.captions.validate import validate
from editor_app.metadata.record import ExifData, PhotoMetadata

RULES = ("duplicate-caption", "near-duplicate-caption")
_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "ne",
    "to",
    "su",
    "vi",
    "da",
    "re",
    "an",
    "el",
    "or",
    "is",
    "um",
    "be",
    "go",
    "fa",
    "ti",
    "zu",
    "ho",
    "pe",
    "ly",
]
_ROLES = (
    "a farmer",
    "a nurse",
    "the mayor",
    "a student",
    "a voter",
    "a firefighter",
    "the coach",
    "a shopkeeper",
    "a supporter",
    "a soldier",
    "a doctor",
    "a teacher",
    "a fisherman",
    "the president",
    "a police officer",
    "a volunteer",
    "a resident",
    "a priest",
)
_GROUPS = (
    "Protesters",
    "Riot police officers",
    "Supporters",
    "Rescue workers",
    "Residents",
    "Fans",
    "Soldiers",
    "Mourners",
    "Journalists",
    "Delegates",
    "Farmers",
    "Students",
)
_VERBS = (
    "holds",
    "waves",
    "carries",
    "points at",
    "looks at",
    "throws",
    "kisses",
    "cleans",
    "repairs",
    "inspects",
    "lights",
    "raises",
    "passes",
    "signs",
    "reads",
    "buys",
    "sells",
    "drags",
    "pushes",
    "photographs",
    "hugs",
    "guards",
    "blocks",
    "climbs",
)
_OBJECTS = (
    "a placard",
    "a flag",
    "a candle",
    "a banner",
    "a child",
    "a ballot",
    "a microphone",
    "a barricade",
    "a portrait",
    "a sign",
    "a wreath",
    "a stretcher",
    "a document",
    "a sandbag",
    "a trophy",
    "a bicycle",
    "a ladder",
    "a tear gas canister",
    "a phone",
)
_EVENTS = (
    "a protest against {noun}",
    "a rally in support of {noun}",
    "a vigil for {noun}",
    "a strike over {noun}",
    "a march against {noun}",
    "a summit on {noun}",
    "clean-up work after {noun}",
    "a ceremony marking {noun}",
    "a debate on {noun}",
)
_NOUNS = (
    "pension reform",
    "climate change",
    "rising prices",
    "the war",
    "new taxes",
    "housing costs",
    "the election result",
    "water shortages",
    "police violence",
    "the floods",
    "the earthquake",
    "fuel prices",
    "a new mining law",
    "the ceasefire",
    "the anniversary of the revolution",
    "victims of the fire",
    "the budget cuts",
    "farm subsidies",
    "a border wall",
    "the trade deal",
    "the school closures",
)


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def synthetic_records(count: int, seed: int = 4) -> tuple[list[PhotoMetadata], set[Path]]:
    """Wire-like stories of 1 to 40 frames (one event: same place, date, event and credit);
    about 1% of frames carry an exact copy of another caption (of any story, with its place
    fields), 1% the caption of another frame of their own story with one of its first words
    changed: a caption pasted onto the wrong frame of the event. Returns the records and the
    paths of those one-word copies (what the near-duplicate rule should find)."""
    rng = random.Random(seed)
    places = [(_name(rng, 3), _name(rng, 2)) for _ in range(400)]
    records: list[PhotoMetadata] = []
    planted: set[Path] = set()
    while len(records) < count:
        story = _story(rng, places)
        own: list[str] = []  # the captions written for this story's frames so far
        for _ in range(min(rng.randint(1, 40), count - len(records))):
            records.append(_frame(rng, story, records, own, planted))
    return records, planted


def _story(rng: random.Random, places: list[tuple[str, str]]) -> dict[str, str]:
    city, country = rng.choice(places)
    day = date(2024, 1, 1) + timedelta(days=rng.randrange(366))
    event = rng.choice(_EVENTS).format(noun=rng.choice(_NOUNS))
    photographer = f"{_name(rng, 2)} {_name(rng, 3)}"
    return {
        "city": city,
        "country": country,
        "event": event,
        "photographer": photographer,
        "date": f"{day:%B} {day.day}, {day.year}",
        "iso": day.isoformat(),
    }


def _frame(
    rng: random.Random,
    story: dict[str, str],
    records: list[PhotoMetadata],
    own: list[str],
    planted: set[Path],
) -> PhotoMetadata:
    path = Path(f"/desk/{len(records):06d}.jpg")
    roll = rng.random()
    city, country = story["city"], story["country"]
    if records and roll < 0.01:  # a caption of any story pasted here, with its place fields
        source = rng.choice(records)
        caption, city, country = source.caption, source.city, source.country
    elif own and roll < 0.02:  # another frame's caption of this event, one word changed
        words = rng.choice(own).split()
        original = " ".join(words)
        words[rng.randrange(min(6, len(words)))] = rng.choice(_VERBS).split()[0]
        caption = " ".join(words)
        if caption != original:
            planted.add(path)
    else:
        caption = (
            f"{_subject(rng)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} during "
            f"{story['event']} in {city}, {country}, {story['date']}. "
            f"REUTERS/{story['photographer']}"
        )
        own.append(caption)
    return PhotoMetadata(
        path=path,
        caption=caption,
        city=city,
        country=country,
        credit=f"REUTERS/{story['photographer']}",
        byline=(story["photographer"],),
        exif=ExifData(datetime_original=story["iso"]),
    )


def _subject(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return f"{rng.choice(_GROUPS)} and {rng.choice(_GROUPS).lower()}"
    return f"{_name(rng, 2)} {_name(rng, rng.randint(2, 3))}, {rng.choice(_ROLES)},"


def time_detection(records: list[PhotoMetadata], planted: set[Path]) -> tuple[float, str]:
    start, cpu = time.perf_counter(), time.process_time()
    findings = validate(records, select=RULES)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    duplicates = sum(f.rule == RULES[0] for f in findings)
    near = {f.path for f in findings if f.rule == RULES[1]}
    found = len(planted & near)
    return elapsed, (
        f"CPU {cpu:.2f} s; {duplicates} duplicate-caption and {len(near)} near-duplicate-caption "
        f"findings; {found} of {len(planted)} planted one-word copies found"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args(argv)
    times = []
    for size in args.sizes:
        records, planted = synthetic_records(size)
        elapsed, counts = time_detection(records, planted)
        times.append(elapsed)
        print(f"{size:>7} records: {elapsed:6.2f} s  ({counts})")
    if len(times) > 1:
        print(f"ratio {args.sizes[-1]}/{args.sizes[0]} records: {times[-1] / times[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
