"""An exercise's dose read from the author's phrases: hold, reps, sets, sides, rest and tempo, each a named pattern."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

# Numbers as digits or as the words instructions use for them ("three sets of ten")
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
}
# a whole number or word: "weights" holds no "eight s", "often" no "ten"
_NUMBER = r"\b(?:\d+|(?:" + "|".join(NUMBER_WORDS) + r")\b)"
_UNIT = r"(?:seconds?|secs?|s|minutes?|mins?)"
_DASH = r"(?:-|–|—|to)"
# "5-10 seconds", "5 to 10 sec", "30 seconds to 1 minute", "30 seconds"
_DURATION = (
    rf"(?P<low>{_NUMBER})(?:\s*(?:(?P<low_unit>{_UNIT})\s*)?{_DASH}\s*(?P<high>{_NUMBER}))?[\s-]*(?P<unit>{_UNIT})\b"
)

# "Hold for 5-10 seconds", "hold 30 seconds", "Hold in this position for 15-30 seconds", "holding it like that for
# 15-30 seconds", "Stay for 2–5 minutes", "Pause for 2 seconds", "Tense the muscles in your toes for 5 seconds",
# "Switch sides after 30 seconds to 1 minute", "Hold: 20 seconds"; a colon after other words labels what the duration
# is for ("Marching on the spot while holding a worktop: 60 seconds")
HOLD_RE = re.compile(
    rf"\b(?:hold(?:ing)?|stay(?:ing)?|remain|pause|tense|switch sides after)\b\s*:?[^.;:!?\d]{{0,45}}?{_DURATION}",
    re.IGNORECASE,
)
# "a 30-second hold", "5-10 second holds"
HOLD_TRAILING_RE = re.compile(rf"{_DURATION}[\s-]+holds?\b", re.IGNORECASE)
# A range of sets states no count ("2-3 sets", "2 to 3 sets of 10"): its low end, read to tell it from a count
_SETS_LOW = rf"(?:(?P<sets_low>{_NUMBER})\s*{_DASH}\s*)?"
# "3 sets of 10", "Complete 3 sets of 6 per leg", "three sets of ten"
SETS_OF_RE = re.compile(
    rf"{_SETS_LOW}\b(?P<sets>{_NUMBER})\s*sets?\s+of\s+(?P<reps>{_NUMBER})\b(?!\s*{_DASH}\s*\d)", re.IGNORECASE
)
# "3x10", "2 x 15"
SETS_X_REPS_RE = re.compile(r"\b(?P<sets>\d+)\s*[x×]\s*(?P<reps>\d+)\b", re.IGNORECASE)
# "2 sets", "Perform 3 sets with each wrist"
SETS_RE = re.compile(rf"{_SETS_LOW}\b(?P<sets>{_NUMBER})\s*sets?\b", re.IGNORECASE)
# "a set of 10 to 15 ..., rest, and then do another set": two sets
ANOTHER_SET_RE = re.compile(r"\ba set\b.*\banother set\b", re.IGNORECASE)
# "repeat 10 times", "10 reps", "12 repetitions", "5 rounds" (not a range such as "10 to 15 reps", nor what counts
# as one: "one cycle through each leg counts as one rep")
REPS_RE = re.compile(
    rf"(?<!to )(?<!\bas )(?<![-–—])(?<![-–—] )\b(?P<reps>{_NUMBER})\s*(?:times|reps?|repetitions?|rounds?)\b",
    re.IGNORECASE,
)
# "x10", "x 10", "Repeat 10x"
X_REPS_RE = re.compile(r"(?:(?:^|[\s(,])[x×]\s?(?P<reps>\d+)\b|\b(?P<reps_after>\d+)\s?[x×](?![\w×]))", re.IGNORECASE)
# One side of the body at a time: "each side", "per leg", "with each wrist", "repeat on the other side",
# "Repeat on the left side", "repeat to the right.", "on both sides", "switch sides", "switch and repeat"
# (never "in each hand": both at once)
PER_SIDE_RE = re.compile(
    r"\b(?:(?:each|per|every)\s+(?:sides?|legs?|arms?|feet|foot|wrists?|ankles?|knees?|hips?|shoulders?|elbows?"
    r"|limbs?|directions?)"
    r"|(?:with|for|on|per|using)\s+(?:each|every)\s+(?:hand|arm|leg|foot)"
    r"|(?:repeat|switch|alternate|continue|mirror)\b[^.;!?]{0,25}\b(?:other|opposite|left|right)\s+(?:side|leg|arm|foot|hand)"
    r"|(?:repeat|switch)\b[^.;!?]{0,12}\b(?:sides|legs|arms)"
    r"|(?:repeat|switch|alternate)\b[^.;!?]{0,12}\b(?:to|on|with)\s+the\s+(?:other|opposite|left|right)\b(?!\s+of\b)"
    r"|switch,?\s+(?:and\s+|then\s+)?repeat"
    r"|both\s+sides)\b",
    re.IGNORECASE,
)
DURATION_RE = re.compile(_DURATION, re.IGNORECASE)
_PLAIN_DURATION = rf"{_NUMBER}(?:\s*(?:{_UNIT}\s*)?{_DASH}\s*{_NUMBER})?[\s-]*{_UNIT}\b"
# "rest 30 seconds", "rest for 1 minute between sets", "30 seconds of rest", "30 seconds rest"
REST_RE = re.compile(
    rf"\brest(?:ing)?\s+(?:for\s+)?{_PLAIN_DURATION}|{_PLAIN_DURATION}\s+(?:of\s+)?rest\b", re.IGNORECASE
)
# "3 seconds down", "lower slowly over three counts", "return over 3 seconds" (3 s return), "tempo 3-1-1"
TEMPO_RE = re.compile(
    rf"\b(?P<count>{_NUMBER})[\s-]*(?P<unit>seconds?|counts?)\s+(?P<phase>down|up|lowering|lifting|to lower|to lift)\b"
    rf"|\b(?P<verb>lower|lift|rise|raise|return)\w*(?:\s+(?!hold)\w+){{0,4}}?\s+over\s+(?P<count2>{_NUMBER})\s*"
    r"(?P<unit2>seconds?|counts?)\b"
    r"|\b(?:tempo\s+(?P<digits>\d(?:-\d){2,3})|(?P<digits2>\d(?:-\d){2,3})\s+tempo)\b",
    re.IGNORECASE,
)
# A sentence that sets the dose of every exercise after it: "Try doing a set of 10 of each exercise",
# "Hold each pose for 30 seconds to 1 minute unless noted", "Do all of these 10 times"
SHARED_DOSE_RE = re.compile(
    r"\b(?:each|every|all(?: of)?(?: these| the)?)\s+(?:exercises?|stretch(?:es)?|poses?|moves?|movements?"
    r"|of these|of the exercises)\b",
    re.IGNORECASE,
)

SECONDS_PER_UNIT = {"m": 60, "s": 1}

StepNumbers = tuple[int | None, int | None, int | None, int | None, bool]


@dataclass(frozen=True, slots=True)
class Dose:
    """What one phrase or one exercise states of its dose; None where it says nothing."""

    hold_seconds_min: int | None = None
    hold_seconds_max: int | None = None
    reps: int | None = None
    sets: int | None = None
    per_side: bool = False
    rest_seconds: int | None = None
    tempo: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)  # field -> the words it was read from

    def is_empty(self) -> bool:
        """True when the text stated no dose at all."""
        return not self.evidence


def number(text: str) -> int:
    """A number written as digits or as a word ("three")."""
    return int(text) if text.isdigit() else NUMBER_WORDS[text.lower()]


def _seconds(value: str, unit: str) -> int:
    """A number of the given unit ("seconds", "min") in seconds."""
    return number(value) * SECONDS_PER_UNIT[unit[0].lower()]


def _duration(found: re.Match[str]) -> tuple[int, int]:
    """(low, high) seconds of a _DURATION match; the low end keeps its own unit when it has one."""
    high = _seconds(found["high"] or found["low"], found["unit"])
    low = _seconds(found["low"], found["low_unit"] or found["unit"]) if found["high"] else high
    return (min(low, high), max(low, high))


def parse_hold(text: str) -> tuple[int | None, int | None]:
    """(min, max) hold in seconds from "Hold for 5-10 seconds"; (30, 30) for one number; else Nones."""
    found = HOLD_RE.search(text) or HOLD_TRAILING_RE.search(text)
    return _duration(found) if found else (None, None)


def parse_sets_reps(text: str) -> tuple[int | None, int | None]:
    """(sets, reps) from "3 sets of 10", "3x10", "2 sets", "repeat 10 times", "x10", "10x", "a set ... another set"."""
    both = SETS_OF_RE.search(text) or SETS_X_REPS_RE.search(text)
    if both is not None:
        return (_set_count(both), number(both["reps"]))
    sets = SETS_RE.search(text)
    reps = REPS_RE.search(text)
    x_reps = X_REPS_RE.search(text)
    rep_count = number(reps["reps"]) if reps else None
    if rep_count is None and x_reps is not None:
        rep_count = int(x_reps["reps"] or x_reps["reps_after"])
    set_count = _set_count(sets) if sets else (2 if ANOTHER_SET_RE.search(text) else None)
    return (set_count, rep_count)


def _set_count(found: re.Match[str]) -> int | None:
    """The sets a match states; None for a range ("2-3 sets")."""
    return None if found.groupdict().get("sets_low") else number(found["sets"])


def parse_rest(text: str) -> int | None:
    """Seconds of rest from "rest 30 seconds", "30 seconds of rest" (the longer end of a range); else None."""
    found = REST_RE.search(text)
    duration = DURATION_RE.search(found.group(0)) if found else None
    return _duration(duration)[1] if duration else None


def parse_tempo(text: str) -> str | None:
    """The tempo as stated, normalised: "3 s down", "3-1-1"; else None."""
    found = TEMPO_RE.search(text)
    if found is None:
        return None
    if found["digits"] or found["digits2"]:
        return str(found["digits"] or found["digits2"])
    if found["count"]:
        phase = "down" if found["phase"].lower() in ("down", "lowering", "to lower") else "up"
        return f"{number(found['count'])} {_tempo_unit(found['unit'])} {phase}"
    verb = found["verb"].lower()
    phase = "down" if verb == "lower" else "return" if verb == "return" else "up"
    return f"{number(found['count2'])} {_tempo_unit(found['unit2'])} {phase}"


def _tempo_unit(unit: str) -> str:
    """ "s" for seconds, "counts" for counts."""
    return "counts" if unit.lower().startswith("count") else "s"


def parse_dose(text: str) -> Dose:
    """Everything one instruction states of its dose, with the words each value came from."""
    evidence: dict[str, str] = {}
    hold = HOLD_RE.search(text) or HOLD_TRAILING_RE.search(text)
    hold_min, hold_max = _duration(hold) if hold else (None, None)
    if hold:
        evidence["hold"] = hold.group(0)
    sets, reps = parse_sets_reps(text)
    if sets is not None or reps is not None:
        evidence["sets/reps"] = text
    side = PER_SIDE_RE.search(text)
    if side:
        evidence["per_side"] = side.group(0)
    rest_seconds = parse_rest(text)
    if rest_seconds is not None:
        evidence["rest"] = text
    tempo = parse_tempo(text)
    if tempo is not None:
        evidence["tempo"] = text
    return Dose(hold_min, hold_max, reps, sets, side is not None, rest_seconds, tempo, evidence)


def parse_step(text: str) -> StepNumbers:
    """(hold_min, hold_max, reps, sets, per_side) stated by one instruction."""
    dose = parse_dose(text)
    return (dose.hold_seconds_min, dose.hold_seconds_max, dose.reps, dose.sets, dose.per_side)


def is_shared_dose(text: str) -> bool:
    """True when a sentence states a dose for every exercise after it ("a set of 10 of each exercise")."""
    return SHARED_DOSE_RE.search(text) is not None and not parse_dose(text).is_empty()


def combine(doses: list[Dose], shared: Dose | None = None) -> Dose:
    """An exercise's dose from its steps' doses: the widest hold, the first sets, reps, rest and tempo stated, per
    side when any step says so; values no step states are taken from a shared dose sentence."""
    holds = [(dose.hold_seconds_min, dose.hold_seconds_max) for dose in doses if dose.hold_seconds_min is not None]
    evidence: dict[str, str] = {}
    for dose in doses:
        for key, words in dose.evidence.items():
            evidence.setdefault(key, words)
    combined = Dose(
        min(low for low, _ in holds) if holds else None,
        max(high or 0 for _, high in holds) if holds else None,
        next((dose.reps for dose in doses if dose.reps is not None), None),
        next((dose.sets for dose in doses if dose.sets is not None), None),
        any(dose.per_side for dose in doses),
        next((dose.rest_seconds for dose in doses if dose.rest_seconds is not None), None),
        next((dose.tempo for dose in doses if dose.tempo is not None), None),
        evidence,
    )
    return combined if shared is None else _fill(combined, shared)


def _fill(own: Dose, shared: Dose) -> Dose:
    """The exercise's own dose, with what it leaves unsaid taken from the shared sentence."""
    evidence = dict(own.evidence)
    changes: dict[str, object] = {}
    if own.hold_seconds_min is None and shared.hold_seconds_min is not None:
        changes.update(hold_seconds_min=shared.hold_seconds_min, hold_seconds_max=shared.hold_seconds_max)
        evidence["hold"] = shared.evidence.get("hold", "")
    for name, key in (("sets", "sets/reps"), ("reps", "sets/reps"), ("rest_seconds", "rest"), ("tempo", "tempo")):
        if getattr(own, name) is None and getattr(shared, name) is not None:
            changes[name] = getattr(shared, name)
            evidence.setdefault(key, shared.evidence.get(key, ""))
    if not own.per_side and shared.per_side:
        changes["per_side"] = True
        evidence["per_side"] = shared.evidence.get("per_side", "")
    return replace(own, evidence=evidence, **changes)  # type: ignore[arg-type]
