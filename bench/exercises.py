"""The replica's exercises as parse_page reads them, against the replica's ground truth, per layout.

    .venv/bin/python -m bench.exercises        # the table
    .venv/bin/python -m bench.exercises -v     # and every difference

Every post of the replica is rendered in-process and parsed; its exercises are compared field by field with
the ground truth (crawler.replica.truth), which the replica writes from its content model, never from a parser.
An exercise counts as exact when its name, level, label, image and every step (text, hold, reps, sets, side)
are equal; steps are counted found when their text is equal. Then, for a researcher: its family, its dose (sets,
reps, hold range, per side, rest, tempo, and each step's rest and tempo), and its kind, equipment, position and
muscles where the truth records what the post states (a value the post does not state must be None).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import asdict
from typing import Any

from bench.corpus import BASE_URL, site_pages
from crawler.replica import build_site
from crawler.replica.truth import ground_truth
from parsers.models import Exercise
from parsers.page import parse_page

COMPARED = ("name", "level", "label", "image_url", "image_alt")
TRUTH_STEP_FIELDS = ("step", "text", "hold_seconds_min", "hold_seconds_max", "reps", "sets", "per_side")
DOSE_FIELDS = ("sets", "reps", "hold_seconds_min", "hold_seconds_max", "per_side", "rest_seconds", "tempo")
ATTRIBUTE_FIELDS = ("kind", "equipment", "body_position", "muscles")
COLUMNS = ("posts", "exercises", "exact", "steps", "steps found", "family", "dose", "attributes", "recorded", "false")


def parsed_rows(html: str, url: str) -> list[tuple[dict[str, Any], Exercise]]:
    """A post page's exercises as rows shaped like the ground truth's, each with the parsed record."""
    rows = []
    for exercise in parse_page(html, url).exercises:
        row = asdict(exercise)
        row["steps"] = [
            {**{key: step[key] for key in TRUTH_STEP_FIELDS}, "per_side": int(step["per_side"])}
            for step in row["steps"]
        ]
        rows.append((row, exercise))
    return rows


def dose_differences(facts: dict[str, Any], got: Exercise) -> list[str]:
    """The dose values (the exercise's and its steps' rest and tempo) that differ from the truth."""
    wrong = [
        f"{key} {getattr(got, key)!r} for {facts[key]!r}" for key in DOSE_FIELDS if getattr(got, key) != facts[key]
    ]
    parsed_steps = [{"step": step.step, "rest_seconds": step.rest_seconds, "tempo": step.tempo} for step in got.steps]
    if parsed_steps != facts["steps"]:
        wrong.append(f"steps' rest and tempo {parsed_steps!r} for {facts['steps']!r}")
    return wrong


def attribute_differences(facts: dict[str, Any], got: Exercise) -> list[str]:
    """The attributes that differ from what the truth records the post stating (lists compare as sets)."""
    wrong = []
    for key in ATTRIBUTE_FIELDS:
        value = getattr(got, key)
        want = facts[key]
        same = (set(value or ()) == set(want) and value is not None) if isinstance(want, list) else value == want
        if not same:
            wrong.append(f"{key} {value!r} for {want!r}")
    return wrong


def main(argv: list[str] | None = None) -> int:
    """Print, per layout, exercises and steps expected, found exactly, researcher fields right, false exercises."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    site = build_site()
    truth = ground_truth(site, BASE_URL)
    styles = {BASE_URL + post.path: [group.style.value for group in post.exercise_sets] for post in site.posts}
    expected: dict[str, list[dict[str, Any]]] = {}
    for row in truth.exercises:
        expected.setdefault(row["post_url"], []).append(row)
    facts = {(row["post_url"], row["position"]): row for row in truth.exercise_facts}
    counts: dict[str, Counter[str]] = {}
    misses: list[str] = []
    for sample in site_pages(site):
        if sample.kind != "post":
            continue
        found, wanted = parsed_rows(sample.html, sample.url), expected.get(sample.url, [])
        layout = "+".join(dict.fromkeys(styles.get(sample.url, []))) or "no exercises"
        count = counts.setdefault(layout, Counter())
        count["posts"] += 1
        count["exercises"] += len(wanted)
        count["false"] += max(len(found) - len(wanted), 0)
        for want, (got, record) in zip(wanted, found, strict=False):
            where = f"{sample.url.removeprefix(BASE_URL)} #{want['position']} {want['name']}"
            steps_equal = want["steps"] == got["steps"]
            exact = steps_equal and all(want[name] == got[name] for name in COMPARED)
            count["exact"] += exact
            if not exact:
                fields = [name for name in COMPARED if want[name] != got[name]] + ([] if steps_equal else ["steps"])
                misses.append(f"{where}: {', '.join(f'{name} {got[name]!r}' for name in fields)}")
            count["steps found"] += sum(
                a["text"] == b["text"] for a, b in zip(want["steps"], got["steps"], strict=False)
            )
            fact = facts[(want["post_url"], want["position"])]
            count["family"] += record.family == fact["family"]
            if record.family != fact["family"]:
                misses.append(f"{where}: family {record.family!r} for {fact['family']!r}")
            dose_wrong = dose_differences(fact, record)
            count["dose"] += not dose_wrong
            misses.extend(f"{where}: {text}" for text in dose_wrong)
            if fact["attributes_recorded"]:
                count["recorded"] += 1
                attributes_wrong = attribute_differences(fact, record)
                count["attributes"] += not attributes_wrong
                misses.extend(f"{where}: {text}" for text in attributes_wrong)
        count["steps"] += sum(len(row["steps"]) for row in wanted)
    print("| layout | " + " | ".join(COLUMNS) + " |")
    print("|---|" + "---:|" * len(COLUMNS))
    total: Counter[str] = Counter()
    for layout, count in sorted(counts.items()):
        total.update(count)
        print(f"| {layout} | " + " | ".join(str(count[column]) for column in COLUMNS) + " |")
    print("| all | " + " | ".join(str(total[column]) for column in COLUMNS) + " |")
    print()
    print("exact: name, level, label, image and steps; family; dose: the exercise's and its steps' rest and tempo;")
    print("attributes: kind, equipment, position and muscles, of the exercises whose truth records them (recorded)")
    if args.verbose:
        for miss in misses:
            print(f"  {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
