"""parse_page scored on real WordPress pages saved from live sites, by the rules of their README.

    .venv/bin/python -m bench.real_pages                    # reads ../shared/real-pages
    .venv/bin/python -m bench.real_pages --pages DIR -v     # another folder; -v lists every miss and each body

The pages are third-party reference data: they are read where they lie and never copied into the project.
Per field, a page counts when the expected value is not null; `kind` is scored on every page, counts of the
related-posts block and of exercises on every post, `listed_posts` on listings. Body: recall and precision of
words (NFC, lower case, Unicode punctuation and symbols stripped from both ends) as multisets, both >= 0.95.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import unicodedata
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from parsers.models import ParsedPage
from parsers.page import LISTING_KINDS, parse_page

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent.parent / "shared" / "real-pages"
BODY_PASS = 0.95
TIMING_ROUNDS = 5
FIELDS = (
    "kind",
    "title",
    "published",
    "author",
    "categories",
    "tags",
    "body",
    "archive_months",
    "related_links",
    "exercises",
    "listed_posts",
)


def words(text: str) -> Counter[str]:
    """The word multiset of a text: NFC, lower case, punctuation and symbols stripped from both ends."""
    counted: Counter[str] = Counter()
    for raw in unicodedata.normalize("NFC", text).lower().split():
        start, end = 0, len(raw)
        while start < end and unicodedata.category(raw[start])[0] in "PS":
            start += 1
        while end > start and unicodedata.category(raw[end - 1])[0] in "PS":
            end -= 1
        if start < end:
            counted[raw[start:end]] += 1
    return counted


def recall_precision(reference: str, found: str) -> tuple[float, float]:
    """Shared words over reference words, and over the words found."""
    expected, got = words(reference), words(found)
    shared = sum((expected & got).values())
    return (shared / max(sum(expected.values()), 1), shared / sum(got.values()) if got else 0.0)


def same_published(expected: str, found: str | None) -> bool:
    """An instant compared as an instant; a date-only value against the first 10 characters."""
    if found is None:
        return False
    if len(expected) == 10:
        return found[:10] == expected
    try:
        want, got = datetime.fromisoformat(expected), datetime.fromisoformat(found)
    except ValueError:
        return False
    if (want.utcoffset() is None) != (got.utcoffset() is None):
        return False
    return want == got


def same_terms(expected: list[str], found: tuple[str, ...]) -> bool:
    """Case-insensitive sorted lists."""
    return sorted(name.lower() for name in expected) == sorted(name.lower() for name in found)


def score(expected: dict[str, Any], page: ParsedPage) -> dict[str, tuple[bool, str]]:
    """Per scored field: (passed, what was found) for one page."""
    results: dict[str, tuple[bool, str]] = {"kind": (page.kind == expected["kind"], page.kind)}
    months = len(page.archive_months)
    results["archive_months"] = (months == expected["archive_months"], str(months))
    if expected["kind"] in LISTING_KINDS:
        listed = len(page.listed_posts)
        results["listed_posts"] = (listed == expected["listed_posts"], str(listed))
    if expected["kind"] != "post":
        return results
    post = page.post
    results["exercises"] = (len(page.exercises) == 0, str(len(page.exercises)))
    related = len(page.related_links)
    results["related_links"] = (related == expected["related_links"], str(related))
    for name in ("title", "author"):
        if expected[name] is not None:
            value = getattr(post, name) if post else None
            results[name] = (value == expected[name], repr(value))
    if expected["published"] is not None:
        value = post.published if post else None
        results["published"] = (same_published(expected["published"], value), repr(value))
    for name in ("categories", "tags"):
        if expected[name] is not None:
            terms: tuple[str, ...] = getattr(post, name) if post else ()
            results[name] = (same_terms(expected[name], terms), repr(list(terms)))
    recall, precision = recall_precision(expected["body"]["text"], post.body_text if post else "")
    passed = recall >= BODY_PASS and precision >= BODY_PASS
    results["body"] = (passed, f"recall {recall:.2f} precision {precision:.2f}")
    return results


def parse_ms(html: bytes, url: str) -> float:
    """Median CPU milliseconds of parse_page on one page (CPU time: other processes on the machine do not count)."""
    times = []
    for _ in range(TIMING_ROUNDS):
        started = time.process_time()
        parse_page(html, url)
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    """Score every page in the folder and print per-field rates and parse time."""
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--pages", type=Path, default=DEFAULT_FOLDER, help="folder with expected.json")
    arguments.add_argument("-v", "--verbose", action="store_true", help="list every page that misses a field")
    options = arguments.parse_args(argv)
    expected_file = options.pages / "expected.json"
    if not expected_file.is_file():
        print(f"skipped: no real pages at {options.pages} (expected.json missing); nothing was scored")
        return 0
    expected_pages: dict[str, dict[str, Any]] = json.loads(expected_file.read_text(encoding="utf-8"))
    passed: Counter[str] = Counter()
    scored: Counter[str] = Counter()
    timings: list[float] = []
    bodies: list[str] = []
    for name, expected in sorted(expected_pages.items()):
        html = (options.pages / name).read_bytes()
        page = parse_page(html, expected["url"])
        timings.append(parse_ms(html, expected["url"]))
        for field, (ok, found) in score(expected, page).items():
            scored[field] += 1
            passed[field] += ok
            if options.verbose and not ok:
                print(f"  miss {field:<14} {name}: {found}", file=sys.stderr)
            if field == "body":
                bodies.append(f"{name:<48}{found}")
    print(f"{len(expected_pages)} real pages")
    print(f"{'field':<15}{'passed':>8}{'scored':>8}{'rate':>8}")
    for field in FIELDS:
        if scored[field]:
            print(f"{field:<15}{passed[field]:>8}{scored[field]:>8}{passed[field] / scored[field]:>8.0%}")
    if options.verbose:
        print("body per post (words as multisets against the reference):")
        print("\n".join(f"  {line}" for line in bodies))
    median, mean = statistics.median(timings), statistics.fmean(timings)
    print(f"parse time (CPU): median {median:.1f} ms, mean {mean:.1f} ms, max {max(timings):.1f} ms per page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
