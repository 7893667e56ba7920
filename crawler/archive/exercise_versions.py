"""A post version's exercises: what each holds (heading, steps, dose), how it is named and what changed between two.

Pure. The name is kept for reading but left out of what is compared and hashed: it is the parsers' reading of the
heading, and the heading itself (`label`) is compared.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from typing import Any

from parsers.models import Exercise

Entry = dict[str, Any]  # one exercise of a version: name, label, level, steps (texts), dose
DOSE_FIELDS = ("sets", "reps", "hold_seconds_min", "hold_seconds_max", "per_side", "rest_seconds", "tempo")
UNCOMPARED_KEYS = frozenset({"name"})
NUMBERS = re.compile(r"\d+(?:\s*[-–]\s*\d+)?")  # "20", "20-30": a step that differs only in these restates the dose


def entry_of(exercise: Exercise) -> Entry:
    """An exercise as a version keeps it: its heading, level, steps in order and the dose the post states."""
    dose = {name: getattr(exercise, name) for name in DOSE_FIELDS if getattr(exercise, name) is not None}
    return {
        "name": exercise.name,
        "label": exercise.label,
        "level": exercise.level,
        "steps": [step.text for step in exercise.steps],
        "dose": dose,
    }


def compared(entries: list[Entry] | None) -> list[Entry] | None:
    """The entries as hashed and compared: without the names the parsers give them."""
    if entries is None:
        return None
    return [{key: value for key, value in entry.items() if key not in UNCOMPARED_KEYS} for entry in entries]


def title(entry: Entry) -> str:
    """How people name one exercise of a post: "Side Plank, Level 1", "Bird Dog" (the heading when it has no name)."""
    name, label, level = entry.get("name"), entry.get("label") or "", entry.get("level")
    if not name:
        return label or "unnamed exercise"
    if level is None or name.lower() in label.lower():
        return str(name)
    return f"{name}, {label}"


def seconds(low: int | None, high: int | None) -> str | None:
    """A hold as words: "20 s", "20–30 s"."""
    if low is None and high is None:
        return None
    if low is None or high is None or low == high:
        return f"{low if low is not None else high} s"
    return f"{low}–{high} s"


def dose_aspects(dose: dict[str, Any]) -> dict[str, str]:
    """A dose as its aspects in words, in reading order: sets, reps, hold, each side, rest, tempo."""
    aspects = {
        "sets": None if dose.get("sets") is None else str(dose["sets"]),
        "reps": None if dose.get("reps") is None else str(dose["reps"]),
        "hold": seconds(dose.get("hold_seconds_min"), dose.get("hold_seconds_max")),
        "each side": "yes" if dose.get("per_side") else None,
        "rest": None if dose.get("rest_seconds") is None else f"{dose['rest_seconds']} s",
        "tempo": dose.get("tempo"),
    }
    return {aspect: words for aspect, words in aspects.items() if words is not None}


def dose_words(dose: dict[str, Any]) -> str:
    """A dose in one phrase: "3 sets, 10 reps, hold 20 s, each side"."""
    parts = []
    for aspect, words in dose_aspects(dose).items():
        if aspect in ("sets", "reps"):
            parts.append(f"{words} {aspect}")
        elif aspect == "each side":
            parts.append(aspect)
        else:
            parts.append(f"{aspect} {words}")
    return ", ".join(parts)


def shown(entries: Iterable[Entry]) -> str:
    """A version's exercises in one line: each by name, with its steps counted and its dose."""
    described = []
    for entry in entries:
        steps = len(entry.get("steps") or [])
        facts = ", ".join(
            part for part in (f"{steps} step{'' if steps == 1 else 's'}", dose_words(entry["dose"])) if part
        )
        described.append(f"{title(entry)} ({facts})")
    return "; ".join(described) or "none"


def dose_diff(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What changed in a dose, aspect by aspect: "hold 20 s → 30 s", "+ each side"."""
    before, after = dose_aspects(old), dose_aspects(new)
    parts = []
    for aspect in ("sets", "reps", "hold", "each side", "rest", "tempo"):
        was, now = before.get(aspect), after.get(aspect)
        if was == now:
            continue
        if aspect == "each side":
            parts.append("+ each side" if now else "- each side")
        else:
            parts.append(f"{aspect} {was or 'none'} → {now or 'none'}")
    return parts


def steps_diff(old: list[str], new: list[str], dose_changed: bool, words: Callable[[str, str], str]) -> list[str]:
    """What changed in the steps: a step's words (unless only its numbers, which the dose already says), steps added or removed."""
    parts = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for offset in range(i2 - i1):
                before, after = old[i1 + offset], new[j1 + offset]
                if dose_changed and NUMBERS.sub("#", before) == NUMBERS.sub("#", after):
                    continue
                parts.append(f"step {j1 + offset + 1}: {words(before, after)}")
            continue
        parts += [f"step {index + 1} removed" for index in range(i1, i2)]
        parts += [f"step {index + 1} added: {new[index]}" for index in range(j1, j2)]
    return parts


def keyed(entries: list[Entry]) -> dict[tuple[str, int], Entry]:
    """Entries by heading and its occurrence (two "Level 1" headings in one post stay apart)."""
    seen: dict[str, int] = {}
    found = {}
    for entry in entries:
        label = str(entry.get("label") or "")
        seen[label] = seen.get(label, 0) + 1
        found[(label, seen[label])] = entry
    return found


def diff(old: list[Entry] | None, new: list[Entry] | None, words: Callable[[str, str], str]) -> str:
    """What changed in a post's exercises, readably: "Side Plank, Level 1: hold 20 s → 30 s; + Side Plank, Level 4".

    `words` gives the word diff of two texts (a changed step's), as the rest of the history writes it.
    """
    before, after = keyed(old or []), keyed(new or [])
    parts = []
    for key, entry in after.items():
        previous = before.get(key)
        if previous is None:
            parts.append(f"+ {title(entry)}")
            continue
        doses = dose_diff(previous["dose"], entry["dose"])
        steps = steps_diff(previous["steps"], entry["steps"], bool(doses), words)
        level = (
            []
            if previous.get("level") == entry.get("level")
            else [f"level {previous.get('level')} → {entry.get('level')}"]
        )
        if doses or steps or level:
            parts.append(f"{title(entry)}: {', '.join(level + doses + steps)}")
    parts += [f"- {title(entry)}" for key, entry in before.items() if key not in after]
    if not parts and list(before) != list(after):
        parts.append("reordered")
    return "; ".join(parts)
