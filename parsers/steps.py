"""Hold times, reps, sets and sides from one exercise instruction, by named phrase patterns."""

from __future__ import annotations

import re

_RANGE = r"(?P<low>\d+)(?:\s*(?:-|–|—|to)\s*(?P<high>\d+))?"
_UNIT = r"(?P<unit>seconds?|secs?|s|minutes?|mins?)"

# "Hold for 5-10 seconds", "hold 30 seconds", "Hold the stretch 1 minute", "holding for 5 to 10 sec"
HOLD_RE = re.compile(rf"\bhold(?:ing)?\b[^.;!?\d]{{0,40}}?{_RANGE}\s*{_UNIT}\b", re.IGNORECASE)
# "a 30-second hold", "5-10 second holds"
HOLD_TRAILING_RE = re.compile(rf"{_RANGE}[\s-]*{_UNIT}[\s-]+holds?\b", re.IGNORECASE)
# "3 sets of 10", "Complete 3 sets of 6 per leg"
SETS_OF_RE = re.compile(r"\b(?P<sets>\d+)\s*sets?\s+of\s+(?P<reps>\d+)\b", re.IGNORECASE)
# "3x10", "2 x 15"
SETS_X_REPS_RE = re.compile(r"\b(?P<sets>\d+)\s*[x×]\s*(?P<reps>\d+)\b", re.IGNORECASE)
# "2 sets"
SETS_RE = re.compile(r"\b(?P<sets>\d+)\s*sets?\b", re.IGNORECASE)
# "repeat 10 times", "10 reps", "12 repetitions"
REPS_RE = re.compile(r"\b(?P<reps>\d+)\s*(?:times|reps?|repetitions?)\b", re.IGNORECASE)
# "x10", "x 10"
X_REPS_RE = re.compile(r"(?:^|[\s(,])[x×]\s?(?P<reps>\d+)\b", re.IGNORECASE)
# "each side", "per leg", "on both sides" (but not "both hands", which is not one side at a time)
PER_SIDE_RE = re.compile(
    r"\b(?:(?:each|per|every)\s+(?:sides?|legs?|arms?|feet|foot|hands?|directions?)|both\s+sides)\b", re.IGNORECASE
)

SECONDS_PER_UNIT = {"m": 60, "s": 1}

StepNumbers = tuple[int | None, int | None, int | None, int | None, bool]


def _seconds(value: str, unit: str) -> int:
    """A number of the given unit ("seconds", "min") in seconds."""
    return int(value) * SECONDS_PER_UNIT[unit[0].lower()]


def parse_hold(text: str) -> tuple[int | None, int | None]:
    """(min, max) hold in seconds from "Hold for 5-10 seconds"; (30, 30) for one number; else Nones."""
    found = HOLD_RE.search(text) or HOLD_TRAILING_RE.search(text)
    if found is None:
        return (None, None)
    low = _seconds(found["low"], found["unit"])
    high = _seconds(found["high"], found["unit"]) if found["high"] else low
    return (min(low, high), max(low, high))


def parse_sets_reps(text: str) -> tuple[int | None, int | None]:
    """(sets, reps) from "3 sets of 10", "3x10", "2 sets", "repeat 10 times", "x10"."""
    both = SETS_OF_RE.search(text) or SETS_X_REPS_RE.search(text)
    if both is not None:
        return (int(both["sets"]), int(both["reps"]))
    sets = SETS_RE.search(text)
    reps = REPS_RE.search(text) or X_REPS_RE.search(text)
    return (int(sets["sets"]) if sets else None, int(reps["reps"]) if reps else None)


def parse_step(text: str) -> StepNumbers:
    """(hold_min, hold_max, reps, sets, per_side) stated by one instruction."""
    hold_min, hold_max = parse_hold(text)
    sets, reps = parse_sets_reps(text)
    return (hold_min, hold_max, reps, sets, PER_SIDE_RE.search(text) is not None)
