"""Hold times, reps, sets and sides from one exercise instruction (the phrase patterns live in parsers.dose)."""

from __future__ import annotations

from parsers.dose import (
    HOLD_RE,
    HOLD_TRAILING_RE,
    PER_SIDE_RE,
    REPS_RE,
    SETS_OF_RE,
    SETS_RE,
    SETS_X_REPS_RE,
    X_REPS_RE,
    StepNumbers,
    parse_hold,
    parse_sets_reps,
    parse_step,
)

__all__ = [
    "HOLD_RE",
    "HOLD_TRAILING_RE",
    "PER_SIDE_RE",
    "REPS_RE",
    "SETS_OF_RE",
    "SETS_RE",
    "SETS_X_REPS_RE",
    "X_REPS_RE",
    "StepNumbers",
    "parse_hold",
    "parse_sets_reps",
    "parse_step",
]
