"""Level, tier and numbering labels: "Level 2", "Variation #1", "Intermediate:", "Exercise 3: Name"."""

from __future__ import annotations

import re

# "Level 1", "Variation 2", "Phase 3", "Stage #4"
LEVEL_LABEL_RE = re.compile(r"^(?:level|variation|phase|stage)\s*#?\s*(?P<number>\d+)\b", re.IGNORECASE)
# The level that closes a progression: "Final Level: Regular Push-Up", "Last Stage"
FINAL_LEVEL_RE = re.compile(r"^(?:final|last)\s+(?:level|stage|variation)\b", re.IGNORECASE)
# A difficulty tier over the exercises after it: "Level – Beginner", "Intermediate:", "Advanced Level"
LEVEL_TIER_RE = re.compile(
    r"^(?:(?:level|difficulty)\s*[:\-–—]?\s*)?(?P<tier>beginners?|intermediate|advanced)(?:\s+(?:level|exercises|moves))?"
    r"\s*:?$",
    re.IGNORECASE,
)
TIER_LEVELS = {"beginner": 1, "beginners": 1, "intermediate": 2, "advanced": 3}
# "Exercise 1: External Rotation", "Stretch #2: Figure-Four Stretch"
NUMBERED_LABEL_RE = re.compile(
    r"^(?:exercise|stretch|move|drill)\s*#?\s*(?P<number>\d+)\s*(?:[:.\-–—]\s*(?P<name>.+))?$", re.IGNORECASE
)
# "Bridge Progression", "Side Plank Levels" (the name before the progression word)
PROGRESSION_TITLE_RE = re.compile(
    r"^(?P<name>.+?)\s+(?:progressions?|levels?|series|variations?)[\s!.:]*$", re.IGNORECASE
)
# A label that points back to an exercise described earlier: "Classic Planks. See above.", "Bridge (as above)"
EARLIER_RE = re.compile(r"[\s.,;:\-–—]*\(?\s*(?:see|as)\s+(?:above|earlier)\s*\)?[\s.!]*$", re.IGNORECASE)
# "Level 1" inside an image alt such as "Clamshell Level 1"
LEVEL_IN_TEXT_RE = re.compile(r"\b(?:level|variation|phase|stage)\s*#?\s*\d+\b", re.IGNORECASE)


def in_progression(labels: list[str]) -> list[bool]:
    """Per section label: True for a "Level N" or "Variation N" next to another one (a progression's step)."""
    levels = [False, *(LEVEL_LABEL_RE.match(label) is not None for label in labels), False]
    return [levels[index] and (levels[index - 1] or levels[index + 1]) for index in range(1, len(levels) - 1)]


def final_level(label: str, previous: int | None) -> int | None:
    """The level a "Final Level" label takes after the level before it ("Level 4", then "Final Level" -> 5), or None."""
    return previous + 1 if previous is not None and FINAL_LEVEL_RE.match(label.strip()) else None


def tier_level(label: str) -> int | None:
    """The level a difficulty tier heading sets ("Level – Beginner" -> 1), or None."""
    found = LEVEL_TIER_RE.match(label.strip())
    return TIER_LEVELS[found["tier"].lower()] if found else None


def referred_back(label: str) -> str | None:
    """The label without its pointer back ("Classic Planks. See above." -> "Classic Planks"), or None."""
    found = EARLIER_RE.search(label)
    return label[: found.start()].strip() or None if found else None
