"""The exercise parsers scored on real exercise posts from other sites, by the rules of their README.

    .venv/bin/python -m bench.exercises_real                  # reads ../shared/real-pages/exercises
    .venv/bin/python -m bench.exercises_real --pages DIR -v   # another folder; -v lists every miss

The pages are third-party reference data: read where they lie, never copied into the project. Text is compared
after NFKC, lower case and punctuation replaced by spaces. An expected exercise counts as found when a parsed one's
step words match its step words (multiset F1 >= 0.5, each parsed exercise used once); its name (or one of its
alt_names), its steps as an exact list and each stated dose value (sets, reps, hold_seconds, per_side; null is not
scored) are then compared. Borderline items are neither missed nor false; any other parsed exercise is false.
Attributes (kind, equipment, position, muscles) are scored where the expected values give them.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parsers.models import Exercise
from parsers.page import parse_page

PAGES = Path("shared") / "real-pages" / "exercises"
# ../shared beside the checkout; a worktree one level deeper finds it two levels up
DEFAULT_FOLDER = next(
    (folder / PAGES for folder in Path(__file__).resolve().parents[2:4] if (folder / PAGES).is_dir()),
    Path(__file__).resolve().parents[2] / PAGES,
)
FOUND_F1 = 0.5
DOSE_KEYS = ("sets", "reps", "hold_seconds", "per_side")
ATTRIBUTE_KEYS = ("kind", "equipment", "position", "muscles")
COLUMNS = (
    "expected",
    "found",
    "names",
    "steps exact",
    "dose values",
    "doses right",
    "levels right",
    "images right",
    "false",
)


def normalise(text: str) -> str:
    """NFKC, lower case, punctuation replaced by spaces, whitespace collapsed."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return " ".join("".join(" " if unicodedata.category(char)[0] == "P" else char for char in folded).split())


def step_words(steps: list[str]) -> Counter[str]:
    """The word multiset of a list of steps."""
    return Counter(word for step in steps for word in normalise(step).split())


def f1(expected: Counter[str], found: Counter[str]) -> float:
    """Harmonic mean of the shared words' recall and precision."""
    shared = sum((expected & found).values())
    if not shared:
        return 0.0
    recall, precision = shared / sum(expected.values()), shared / sum(found.values())
    return 2 * recall * precision / (recall + precision)


def parsed_dose(exercise: Exercise) -> dict[str, Any]:
    """The exercise's dose in the README's terms: one hold number only when min and max agree."""
    hold = exercise.hold_seconds_min if exercise.hold_seconds_min == exercise.hold_seconds_max else None
    return {"sets": exercise.sets, "reps": exercise.reps, "hold_seconds": hold, "per_side": exercise.per_side or None}


def same_attribute(expected: Any, found: Any) -> bool:
    """Lists compare as sets, scalars as equal values."""
    if isinstance(expected, list):
        return isinstance(found, (list, tuple)) and set(expected) == set(found)
    return bool(expected == found)


@dataclass
class Score:
    """Counts for one page or the total."""

    counts: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)


def match(expected: list[dict[str, Any]], parsed: list[Exercise]) -> list[tuple[dict[str, Any], Exercise | None]]:
    """Each expected exercise with the unused parsed one whose steps match it best (F1 >= 0.5), or None."""
    used: set[int] = set()
    pairs: list[tuple[dict[str, Any], Exercise | None]] = []
    for want in expected:
        words = step_words(want["steps"])
        scored = [
            (f1(words, step_words([step.text for step in got.steps])), index)
            for index, got in enumerate(parsed)
            if index not in used
        ]
        best = max(scored, default=(0.0, -1))
        if best[0] >= FOUND_F1:
            used.add(best[1])
            pairs.append((want, parsed[best[1]]))
        else:
            pairs.append((want, None))
    return pairs


def score_page(entry: dict[str, Any], parsed: list[Exercise]) -> Score:
    """Score one page's parsed exercises against its expected ones."""
    score = Score()
    count = score.counts
    pairs = match(entry.get("exercises", []), parsed)
    matched = {id(got) for _, got in pairs if got is not None}
    false = [got for got in parsed if id(got) not in matched]
    count["false"] += len(false)
    score.misses.extend(f"false: {got.label!r} ({got.name!r})" for got in false)
    for want, got in pairs:
        if want.get("borderline"):
            continue
        count["expected"] += 1
        if got is None:
            score.misses.append(f"missed: {want['name']!r}")
            continue
        count["found"] += 1
        names = {normalise(name) for name in [want["name"], *want.get("alt_names", [])]}
        if got.name is not None and normalise(got.name) in names:
            count["names"] += 1
        else:
            score.misses.append(f"name: {got.name!r} for {want['name']!r}")
        if [normalise(text) for text in want["steps"]] == [normalise(step.text) for step in got.steps]:
            count["steps exact"] += 1
        else:
            score.misses.append(f"steps of {want['name']!r}: {[step.text[:40] for step in got.steps]}")
        count["levels right"] += want.get("level") == got.level
        count["images right"] += bool(want.get("has_image")) == (got.image_url is not None)
        dose = parsed_dose(got)
        for key in DOSE_KEYS:
            stated = want.get("dose", {}).get(key)
            if stated is None:
                continue
            count["dose values"] += 1
            if dose[key] == stated:
                count["doses right"] += 1
            else:
                score.misses.append(f"dose {key} of {want['name']!r}: {dose[key]!r} for {stated!r}")
        for key in ATTRIBUTE_KEYS:
            if want.get(key) is None:
                continue
            count["attributes"] += 1
            if same_attribute(want[key], getattr(got, key)):
                count["attributes right"] += 1
            else:
                score.misses.append(f"{key} of {want['name']!r}: {getattr(got, key)!r} for {want[key]!r}")
    return score


def percent(part: int, whole: int) -> str:
    """A share as a percentage, or n/a."""
    return f"{100 * part / whole:.1f} %" if whole else "n/a"


def main(argv: list[str] | None = None) -> int:
    """Print a table per page and the totals; with -v, every miss."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    expected_file = args.pages / "expected.json"
    if not expected_file.exists():
        print(f"skipped: no real pages in {args.pages}")
        return 0
    expected: dict[str, dict[str, Any]] = json.loads(expected_file.read_text(encoding="utf-8"))
    total: Counter[str] = Counter()
    negatives_false = 0
    print("| page | " + " | ".join(COLUMNS) + " |")
    print("|---|" + "---:|" * len(COLUMNS))
    for name, entry in expected.items():
        parsed = list(parse_page((args.pages / name).read_bytes(), entry["url"]).exercises)
        score = score_page(entry, parsed)
        total.update(score.counts)
        negatives_false += score.counts["false"] if entry.get("negative") else 0
        print(f"| {name} | " + " | ".join(str(score.counts[column]) for column in COLUMNS) + " |")
        if args.verbose:
            for miss in score.misses:
                print(f"|   {miss} |")
    print("| **all** | " + " | ".join(str(total[column]) for column in COLUMNS) + " |")
    print()
    wanted = total["expected"]
    print(f"found: {percent(total['found'], wanted)}; names exact: {percent(total['names'], wanted)}")
    print(f"steps exact: {percent(total['steps exact'], wanted)}")
    print(f"doses: {percent(total['doses right'], total['dose values'])} of {total['dose values']} stated values")
    print(
        f"levels right: {percent(total['levels right'], wanted)}; images right: {percent(total['images right'], wanted)}"
    )
    print(f"attributes: {percent(total['attributes right'], total['attributes'])} of {total['attributes']} stated")
    print(f"false exercises: {total['false']} ({negatives_false} on negative pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
