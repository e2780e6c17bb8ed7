"""Spelling benchmark: the ``spelling`` rule over 10,000 wire captions, timed through ``validate``.

    .venv/bin/python benchmarks/spelling.py [--captions 10000] [--typos 0.05] [--seed 1]

Captions are built in memory (no files are read): English wire captions with names, places,
dates and credits, one in ten in French or Spanish, British and American spellings mixed, and a
share of them (``--typos``) with one planted typo (two inner letters of a word swapped, never
making another real word). Prints the time to load the dictionaries (once per process), the
time to check every caption, and how many planted typos were found and how many clean captions
were flagged. Goal (issue 10): 10,000 captions checked in under 5 s.
"""

import argparse
import platform
import random
import time
from datetime import date, timedelta
from pathlib import Path

from editor_app.captions.dictionary import dictionary
from editor_app.captions.validate import validate
from editor_app.metadata.record import PhotoMetadata

SUBJECTS = [
    "Firefighters",
    "Riot police officers",
    "Supporters of the opposition party",
    "Residents",
    "Rescue workers",
    "Delegates",
    "Protesters",
    "Farmers",
    "Medical staff",
    "Soldiers",
    "Fans",
    "Players",
]
ACTIONS = [
    "gather outside the parliament building",
    "clear debris from a damaged neighbourhood",
    "march towards the city centre",
    "react after the final whistle",
    "carry belongings through flooded streets",
    "wait in line at a polling station",
    "inspect the wreckage of a collapsed bridge",
    "hold placards during a demonstration against the new budget",
    "celebrate the victory of their candidate",
    "attend a memorial service for the victims of the earthquake",
    "organise food supplies at a distribution centre",
    "watch a military parade honouring veterans",
]
CONTEXTS = [
    "as the government prepares to announce emergency measures",
    "ahead of the presidential election",
    "after heavy rain caused widespread flooding",
    "during a visit by the prime minister",
    "following the ceasefire agreement",
    "while negotiations continue over the favourite proposal",
    "as the attorney general opens an investigation",
    "on the first day of the summit",
]
PLACES = [
    ("Paris", "France"),
    ("Kyiv", "Ukraine"),
    ("Rio de Janeiro", "Brazil"),
    ("Nairobi", "Kenya"),
    ("Manila", "Philippines"),
    ("Valencia", "Spain"),
    ("Seattle, Washington", "U.S."),
    ("Dhaka", "Bangladesh"),
    ("Gaza City", "Gaza"),
    ("Lagos", "Nigeria"),
]
NAMES = ["Leah Millis", "Ivan Alvarado", "Akhtar Soomro", "Pilar Olivares", "Eloisa Lopez"]
FRENCH = [
    "Des manifestants défilent dans les rues de {city} pendant la grève contre la réforme des "
    "retraites, le {day} {month_fr} {year}.",
    "Les pompiers luttent contre un incendie de forêt près de {city}, le {day} {month_fr} {year}.",
]
SPANISH = [
    "Manifestantes marchan por las calles de {city} durante una protesta contra el gobierno, "
    "el {day} de {month_es} de {year}.",
    "Los bomberos trabajan para apagar un incendio forestal cerca de {city}, el {day} de "
    "{month_es} de {year}.",
]
MONTHS_FR = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
MONTHS_ES = (
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
)


def build(count: int, typo_share: float, seed: int) -> tuple[list[PhotoMetadata], set[int]]:
    """``count`` records and the indexes of those with a planted typo."""
    rnd = random.Random(seed)
    english = dictionary("en")
    records, typos = [], set()
    for i in range(count):
        city, country = rnd.choice(PLACES)
        name = rnd.choice(NAMES)
        day = date(2024, 1, 1) + timedelta(days=rnd.randrange(366))
        caption = _caption(rnd, city, country, day)
        if rnd.random() < typo_share:
            planted = _plant_typo(rnd, caption, english)
            if planted != caption:
                caption = planted
                typos.add(i)
        records.append(
            PhotoMetadata(
                path=Path(f"photo-{i:05d}.jpg"),
                caption=f"{caption} REUTERS/{name}",
                credit=f"REUTERS/{name}",
                byline=(name,),
                city=city.split(",")[0],
                country=country,
            )
        )
    return records, typos


def _caption(rnd: random.Random, city: str, country: str, day: date) -> str:
    kind = rnd.random()
    if kind < 0.05:
        month = MONTHS_FR.split()[day.month - 1]
        return rnd.choice(FRENCH).format(city=city, day=day.day, month_fr=month, year=day.year)
    if kind < 0.10:
        month = MONTHS_ES.split()[day.month - 1]
        return rnd.choice(SPANISH).format(city=city, day=day.day, month_es=month, year=day.year)
    return (
        f"{rnd.choice(SUBJECTS)} {rnd.choice(ACTIONS)} {rnd.choice(CONTEXTS)} in {city}, "
        f"{country}, {day:%B} {day.day}, {day.year}."
    )


def _plant_typo(rnd: random.Random, caption: str, english) -> str:
    words = [w for w in caption.split() if w.isalpha() and w.islower() and len(w) >= 5]
    if not words:
        return caption
    word = rnd.choice(words)
    for _ in range(10):
        at = rnd.randrange(1, len(word) - 2)
        typo = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        if typo != word and not english.known(typo):
            return caption.replace(word, typo, 1)
    return caption


def _timed(run):
    """Wall and CPU seconds of ``run()`` (CPU time is what counts on a shared machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return (time.perf_counter() - wall, time.process_time() - cpu), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--captions", type=int, default=10_000)
    parser.add_argument("--typos", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    records, typos = build(args.captions, args.typos, args.seed)

    (loaded, _), _ = _timed(lambda: [dictionary(code) for code in ("en", "fr", "es")])

    baseline, _ = _timed(lambda: validate(records, select=("missing-caption",)))
    checked, findings = _timed(lambda: validate(records, select=("spelling",)))
    wall, cpu = checked
    rule_cpu = cpu - baseline[1]

    flagged = {int(f.path.stem.split("-")[1]) for f in findings if f.rule == "spelling"}
    python = platform.python_version()
    print(f"{args.captions} captions, {len(typos)} with a planted typo, Python {python}")
    print(f"load dictionaries (en, fr, es)   {loaded:6.2f} s   (once per process)")
    print(
        f"check every caption              {wall:6.2f} s wall, {cpu:.2f} s CPU   "
        f"{args.captions / cpu:,.0f} captions/s of CPU   "
        f"goal < 5 s: {'met' if cpu < 5 else 'NOT met'}"
    )
    print(
        f"  of which the spelling rule      {rule_cpu:6.2f} s CPU (the rest is validate's "
        f"shared preparation: credit split, dates, {baseline[1]:.2f} s)"
    )
    print(f"planted typos found              {len(flagged & typos)} of {len(typos)}")
    print(
        f"clean captions flagged           {len(flagged - typos)} of {args.captions - len(typos)}"
    )


if __name__ == "__main__":
    main()
