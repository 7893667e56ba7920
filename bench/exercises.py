"""The replica's exercises as parse_page reads them, against the replica's ground truth, per layout.

    .venv/bin/python -m bench.exercises

Every post of the replica is rendered in-process and parsed; its exercises are compared field by field with
the ground truth (crawler.replica.truth), which the replica writes from its content model, never from a parser.
An exercise counts as exact when its name, level, label, image and every step (text, hold, reps, sets, side)
are equal; steps are counted found when their text is equal.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import asdict
from typing import Any

from bench.corpus import BASE_URL, site_pages
from crawler.replica import build_site
from crawler.replica.truth import ground_truth
from parsers.page import parse_page

COMPARED = ("name", "level", "label", "image_url", "image_alt")
TRUTH_STEP_FIELDS = ("step", "text", "hold_seconds_min", "hold_seconds_max", "reps", "sets", "per_side")


def parsed_rows(html: str, url: str) -> list[dict[str, Any]]:
    """A post page's exercises as rows shaped like the ground truth's."""
    rows = []
    for exercise in parse_page(html, url).exercises:
        row = asdict(exercise)
        row["steps"] = [
            {**{key: step[key] for key in TRUTH_STEP_FIELDS}, "per_side": int(step["per_side"])}
            for step in row["steps"]
        ]
        rows.append(row)
    return rows


def main() -> int:
    """Print, per layout, exercises and steps expected, found exactly, and false exercises."""
    site = build_site()
    truth = ground_truth(site, BASE_URL)
    styles = {BASE_URL + post.path: [group.style.value for group in post.exercise_sets] for post in site.posts}
    expected: dict[str, list[dict[str, Any]]] = {}
    for row in truth.exercises:
        expected.setdefault(row["post_url"], []).append(row)
    counts: dict[str, Counter[str]] = {}
    for sample in site_pages(site):
        if sample.kind != "post":
            continue
        found, wanted = parsed_rows(sample.html, sample.url), expected.get(sample.url, [])
        layout = "+".join(styles.get(sample.url, [])) or "no exercises"
        count = counts.setdefault(layout, Counter())
        count["posts"] += 1
        count["exercises"] += len(wanted)
        count["false"] += max(len(found) - len(wanted), 0)
        for want, got in zip(wanted, found, strict=False):
            steps_equal = want["steps"] == got["steps"]
            count["exact"] += steps_equal and all(want[name] == got[name] for name in COMPARED)
            count["steps found"] += sum(
                a["text"] == b["text"] for a, b in zip(want["steps"], got["steps"], strict=False)
            )
        count["steps"] += sum(len(row["steps"]) for row in wanted)
    print("| layout | posts | exercises | exact | steps | steps found | false exercises |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    total: Counter[str] = Counter()
    for layout, count in sorted(counts.items()):
        total.update(count)
        print(
            f"| {layout} | {count['posts']} | {count['exercises']} | {count['exact']} | {count['steps']}"
            f" | {count['steps found']} | {count['false']} |"
        )
    print(
        f"| all | {total['posts']} | {total['exercises']} | {total['exact']} | {total['steps']}"
        f" | {total['steps found']} | {total['false']} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
