"""Synthetic sites of any size for benchmarks: generated prose, reused exercise layouts."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from crawler.replica.assemble import Catalogue, Entry, Revision
from crawler.replica.catalog import GHOST, REVISION
from crawler.replica.exercise_posts import EXERCISE_POSTS
from crawler.replica.model import Term, para
from crawler.replica.prose import prose
from crawler.replica.terms import ANATOMY, DANCE, EXERCISE, INJURY, WELLNESS, tags

MIN_POSTS = 10
FIRST_DAY = date(2016, 10, 3)
LAST_DAY = date(2025, 5, 28)
EXERCISE_EVERY = 7  # one post in seven is an exercise post
TOPICS: tuple[tuple[str, Term, tuple[str, ...]], ...] = (
    ("knee pain", INJURY, ("knee",)),
    ("ankle stability", INJURY, ("ankle", "balance")),
    ("turnout", DANCE, ("hips", "dance")),
    ("pointe work", DANCE, ("pointe", "dance")),
    ("posture", ANATOMY, ("posture", "back")),
    ("the rotator cuff", ANATOMY, ("shoulder",)),
    ("core control", EXERCISE, ("core", "strength")),
    ("hip strength", EXERCISE, ("hips", "strength")),
    ("sleep", WELLNESS, ("sleep", "recovery")),
    ("hydration", WELLNESS, ("hydration",)),
    ("warming up", INJURY, ("warm-up",)),
    ("foot health", ANATOMY, ("feet",)),
)
TITLE_PATTERNS = (
    "{Topic} Basics",
    "Understanding {Topic}",
    "Ask a PT: {Topic}",
    "{Topic} for Dancers",
    "Myths About {Topic}",
    "A Closer Look at {Topic}",
)


def _days(count: int) -> list[tuple[str, int]]:
    """Publication (day, hour) pairs spread evenly from FIRST_DAY to LAST_DAY, a later hour for a busy day."""
    span = (LAST_DAY - FIRST_DAY).days
    slots: list[tuple[str, int]] = []
    for index in range(count):
        day = (FIRST_DAY + timedelta(days=index * span // count)).isoformat()
        hour = slots[-1][1] + 1 if slots and slots[-1][0] == day else 8
        slots.append((day, hour))
    return slots


def _title(index: int) -> str:
    """A unique title: topic and pattern cycle, and repeats become later parts."""
    topic = TOPICS[index % len(TOPICS)][0]
    combinations = len(TOPICS) * len(TITLE_PATTERNS)
    pattern = TITLE_PATTERNS[(index // len(TOPICS)) % len(TITLE_PATTERNS)]
    title = pattern.format(Topic=topic.title())
    part = index // combinations + 1
    return title if part == 1 else f"{title} (Part {part})"


def _plain(index: int, day: str, hour: int) -> Entry:
    """A generated prose post."""
    topic, category, tag_names = TOPICS[index % len(TOPICS)]
    title = _title(index)
    featured: str | None = title
    if index % 6 == 0:
        featured = None
    elif index % 50 == 17:
        featured = ""
    return Entry(
        day=day,
        title=title,
        categories=() if index % 250 == 125 else (category,),
        tags=tags(*tag_names),
        featured=featured,
        body=prose(topic, title),
        hour=hour,
    )


def _exercise(index: int, day: str, hour: int) -> Entry:
    """A copy of one of the default site's exercise posts; WordPress numbers repeated slugs."""
    template = EXERCISE_POSTS[(index // EXERCISE_EVERY) % len(EXERCISE_POSTS)]
    return dataclasses.replace(template, day=day, hour=hour, related=None, slug=f"{template.permalink_slug}-{index}")


def _removal(count: int) -> int:
    """The index of the prose post the revision deletes."""
    index = 2 * count // 5
    return index + 1 if index % EXERCISE_EVERY == 3 else index


def catalogue(count: int) -> Catalogue:
    """A site of `count` posts with a revision that edits two, retitles one, renames one, removes one and adds two
    (one listed only by the REST API)."""
    if count < MIN_POSTS:
        raise ValueError(f"a synthetic site needs at least {MIN_POSTS} posts, not {count}")
    entries = [
        (_exercise if index % EXERCISE_EVERY == 3 else _plain)(index, day, hour)
        for index, (day, hour) in enumerate(_days(count))
    ]
    entries[1] = dataclasses.replace(entries[1], related=(GHOST.permalink_slug,))
    note = para("Update: we have added a few answers to questions readers sent us.")
    retitled = entries[count // 4]
    renamed = entries[count // 6]
    revision = Revision(
        when=REVISION.when,
        edits={entry.permalink_slug: (*entry.body, note) for entry in (entries[count // 3], entries[count // 2 + 1])},
        retitles={retitled.permalink_slug: f"{retitled.title} (Revised)"},
        removals=(entries[_removal(count)].permalink_slug,),
        additions=REVISION.additions,
        renames={renamed.permalink_slug: f"{renamed.permalink_slug}-guide"},
        unlisted=REVISION.unlisted,
    )
    return Catalogue(entries=tuple(entries), ghost=GHOST, revision=revision)
