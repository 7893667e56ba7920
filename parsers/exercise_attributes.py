"""Kind, equipment, body position and muscles of an exercise, from the post's own words, each with its evidence.

Muscles and equipment use free-exercise-db's vocabulary (github.com/yuhonas/free-exercise-db), the research
community's shared reference. Nothing is inferred from what an exercise usually works: a value needs words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

# kind -> words that say it, in the order they are tried (a name that says "stretch" is a stretch first)
KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("plyometric", re.compile(r"\b(?:plyometrics?|jump(?:s|ing)?|hops?|hopping|bounds?|bounding)\b", re.IGNORECASE)),
    # not where a limb is laid out ("stretch your legs out", "stretch your arms forward"): a position, not a stretch
    (
        "stretch",
        re.compile(
            r"\b(?:stretch(?:es|ing)?|lengthen(?:s|ing)?)\b"
            r"(?!\s+(?:out\s+)?(?:your|the|both|one)\s+(?:arms?|legs?|hands?|feet)"
            r"\s+(?:out|forward|wide|straight|overhead|in front|ahead)\b)",
            re.IGNORECASE,
        ),
    ),
    # "hold a counter for balance", "use a railing for balance": support for another exercise, not a balance exercise
    ("balance", re.compile(r"(?<!for )\b(?:balance|balancing)\b(?! ball)", re.IGNORECASE)),
    ("motor control", re.compile(r"\b(?:motor control|core control|control exercises?|activation)\b", re.IGNORECASE)),
    ("mobility", re.compile(r"\b(?:mobility|range of motion|loosen(?:s|ing)? up)\b", re.IGNORECASE)),
    ("strength", re.compile(r"\b(?:strength|strengthen(?:s|ing)?|strong(?:er)?|resistance training)\b", re.IGNORECASE)),
)
# A title or sentence that groups stretches with other exercises ("6 Sciatica Stretches and Exercises", "exercises and
# stretches"): it does not say which of them a given exercise is
MIXED_KINDS_RE = re.compile(
    r"\b(?:stretch(?:es|ing)?|poses?)\s+(?:and|&|or|\+)\s+(?:\w+\s+)?(?:exercises?|strengthen\w*|workouts?|moves?|drills?)\b"
    r"|\b(?:exercises?|strengthen\w*|workouts?|moves?|drills?)\s+(?:and|&|or|\+)\s+(?:\w+\s+)?(?:stretch(?:es|ing)?|poses?)\b",
    re.IGNORECASE,
)
# equipment -> words that name it ("a step" as a thing to stand on, never "step your feet back")
EQUIPMENT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "band",
        re.compile(
            r"\b(?:(?:resistance|exercise|elastic|loop|mini|thera)[\s-]?bands?|theraband|bands?|tubing)\b",
            re.IGNORECASE,
        ),
    ),
    ("foam roller", re.compile(r"\bfoam[\s-]roll(?:er|ing)\b", re.IGNORECASE)),
    (
        "ball",
        re.compile(
            r"\b(?:(?:swiss|stability|exercise|medicine|physio|tennis|lacrosse|yoga)\s+)?ball\b(?!\s+of)", re.IGNORECASE
        ),
    ),
    ("dumbbell", re.compile(r"\bdumbbells?\b", re.IGNORECASE)),
    (
        "weight",
        re.compile(
            # never the body's weight: "shift your weight", "transfer your body weight", "weight-bearing"
            r"(?<!shift )(?<!your )(?<!body )(?<!bear )(?<!lean )(?<!put )(?<!rock )\b(?:(?:light|hand|ankle|small)\s+)?"
            r"weights?\b(?!\s+(?:on|onto|through|over|into|back|shift|evenly|equally|forward|toward|towards))"
            r"|\bkettlebells?\b|\bcan of beans\b",
            re.IGNORECASE,
        ),
    ),
    (
        "wall",
        re.compile(r"\b(?:against|facing|face|on|into|near|toward|towards|beside)\s+(?:a|the)\s+wall\b", re.IGNORECASE),
    ),
    ("chair", re.compile(r"\bchairs?\b", re.IGNORECASE)),
    (
        "step",
        re.compile(
            r"\b(?:on|onto|off|from|of|up|facing|face)\s+(?:the\s+|a\s+)?(?:edge of (?:a|the)\s+)?"
            r"(?:sturdy\s+|low\s+|lower\s+|high\s+|higher\s+|bottom\s+|small\s+|plyo\s+)?(?:step|stair|box)\b"
            r"(?!\s+(?:by|forward|back))",
            re.IGNORECASE,
        ),
    ),
    ("mat", re.compile(r"\b(?:yoga\s+|exercise\s+)?mat\b", re.IGNORECASE)),
    ("strap", re.compile(r"\b(?:yoga\s+)?straps?\b|\bbelt\b", re.IGNORECASE)),
    ("towel", re.compile(r"\btowels?\b", re.IGNORECASE)),
    ("bench", re.compile(r"\bbench(?:es)?\b", re.IGNORECASE)),
    ("none", re.compile(r"\b(?:no|without|don[’']t need (?:any|special)) (?:special )?equipment\b", re.IGNORECASE)),
)
# position -> words that put the body there; half-kneeling before kneeling, side-lying before supine
POSITION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("half-kneeling", re.compile(r"\bhalf[\s-]kneel(?:ing)?\b|\bkneel on one knee\b", re.IGNORECASE)),
    ("quadruped", re.compile(r"\b(?:quadruped|hands and knees|all fours|table[\s-]?top position)\b", re.IGNORECASE)),
    ("side-lying", re.compile(r"\b(?:side[\s-]lying|(?:lie|lying|laying) on (?:your|one|the) side)\b", re.IGNORECASE)),
    (
        "supine",
        re.compile(r"\b(?:supine|(?:lie|lying|laying) (?:down )?on your back|(?:lie|lying) face up)\b", re.IGNORECASE),
    ),
    (
        "prone",
        re.compile(r"\b(?:prone|(?:lie|lying|laying) (?:face down|on your (?:stomach|belly|front)))\b", re.IGNORECASE),
    ),
    ("kneeling", re.compile(r"\bkneel(?:ing)?\b", re.IGNORECASE)),
    (
        "seated",
        re.compile(
            r"\b(?:seated|sitting|sit (?:on|in|tall|up|with|upright|close)|sit\b(?= \w+ (?:chair|floor|bench)))",
            re.IGNORECASE,
        ),
    ),
    (
        "standing",
        re.compile(
            r"\b(?:standing|stand(?: up)?(?: tall| straight| with| on| facing| in| next| an?| about)?)\b", re.IGNORECASE
        ),
    ),
)
# free-exercise-db muscle -> words that name it as a muscle (unambiguous anywhere in the exercise's words)
MUSCLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("abductors", re.compile(r"\b(?:gluteus medius|glute med|hip abductors?|abductors?|outer hips?)\b", re.IGNORECASE)),
    ("glutes", re.compile(r"\b(?:glutes?|gluteal|gluteus (?:maximus|medius|minimus)|buttocks?)\b", re.IGNORECASE)),
    ("adductors", re.compile(r"\b(?:adductors?|inner thighs?|groin)\b", re.IGNORECASE)),
    ("hamstrings", re.compile(r"\bhamstrings?\b", re.IGNORECASE)),
    ("quadriceps", re.compile(r"\b(?:quadriceps|quads?)\b", re.IGNORECASE)),
    ("calves", re.compile(r"\b(?:calf|calves|gastrocnemius|soleus)\b", re.IGNORECASE)),
    (
        "abdominals",
        # "core" as the trunk's muscles ("brace your core", "core strength"), never as "main" ("Core Face Yoga")
        re.compile(
            r"\b(?:abdominals?|abs|obliques?|rectus abdomin\w+|transverse abdomin\w+"
            r"|(?:your|the|engage|brace|tighten|activate|strengthen|work)\s+core"
            r"|core\s+(?:muscles?|strength|stability|engagement|control|workout|exercises?))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "lower back",
        # never where a cue says how to hold it ("without arching the low back")
        re.compile(
            r"(?<!arch the )(?<!arching the )(?<!arch your )(?<!arching your )(?<!arching of the )"
            r"\b(?:lower back|low back)\b(?!\s+(?:down|to|into|onto|toward|towards|slowly|and|with|until))"
            r"|\berector spinae\b",
            re.IGNORECASE,
        ),
    ),
    ("lats", re.compile(r"\b(?:lats?|latissimus dorsi)\b", re.IGNORECASE)),
    ("middle back", re.compile(r"\b(?:rhomboids?|middle back|mid[\s-]back|upper back)\b", re.IGNORECASE)),
    ("traps", re.compile(r"\b(?:upper traps?|traps|trapezius)\b", re.IGNORECASE)),
    ("chest", re.compile(r"\b(?:pectorals?|pecs|chest muscles?)\b", re.IGNORECASE)),
    ("shoulders", re.compile(r"\b(?:deltoids?|delts|rotator cuff)\b", re.IGNORECASE)),
    ("biceps", re.compile(r"\bbiceps\b", re.IGNORECASE)),
    ("triceps", re.compile(r"\btriceps?\b", re.IGNORECASE)),  # "Tricep Dips"
    ("forearms", re.compile(r"\b(?:forearm muscles?|wrist (?:flexors|extensors)|grip strength)\b", re.IGNORECASE)),
)
# Words before a body part that make it no muscle worked: what not to do (in the same clause, up to an "and"), where a
# limb goes
CAUTION_BEFORE_RE = re.compile(
    r"\b(?:not|avoid\w*|without|don[’']t|never|instead of)\b(?:(?!\band\b)[^.,;:()])*$|\btowards?\s+(?:your|the)\s+$",
    re.IGNORECASE,
)
# Muscles by their anatomical names, which name nothing else ("the gluteus medius", "the rhomboids")
ANATOMICAL_NAMES_RE = re.compile(
    r"\b(?:gluteus \w+|gluteal|abductors?|adductors?|hamstrings?|quadriceps|gastrocnemius|soleus|abdominals?"
    r"|obliques?|rectus abdomin\w+|transverse abdomin\w+|erector spinae|latissimus dorsi|rhomboids?|trapezius"
    r"|pectorals?|deltoids?|rotator cuff|biceps|triceps)\b",
    re.IGNORECASE,
)
# Body parts that are muscles only where the words say they are worked: "Targets: Neck, shoulders",
# "a stretch in the back calf", "Neck Stretch", "works your shoulders"
TARGETED_PART_RE = re.compile(
    r"(?:\btargets?\b\s*:?|\bmuscles? worked\s*:?|\bworks?\b|\bstrengthens?\b|\bstretch(?:es)? (?:in|for|of|through|across|along)\b)"
    r"\s+(?:the\s+|your\s+)?(?P<parts>[\w\s,&-]{2,80})",
    re.IGNORECASE,
)
BODY_PART_MUSCLES = {
    "neck": "neck",
    "shoulder": "shoulders",
    "shoulders": "shoulders",
    "chest": "chest",
    "forearm": "forearms",
    "forearms": "forearms",
    "wrist": "forearms",
    "wrists": "forearms",
    "thigh": "quadriceps",
    "thighs": "quadriceps",
    "core": "abdominals",
}
# A name that stretches a body part: "Neck Stretch", "Chest Opener", "Doorway Chest Stretch"
MUSCLE_WORDS_RE = re.compile("|".join(pattern.pattern for _, pattern in MUSCLE_PATTERNS), re.IGNORECASE)
NAMED_PART_RE = re.compile(
    r"^(?:\w+\s+)?(?P<part>neck|shoulders?|chest|wrist|forearms?)\s+(?:stretch|opener)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Attributes:
    """What the post says of an exercise; None where it says nothing."""

    kind: str | None = None
    equipment: tuple[str, ...] | None = None
    body_position: str | None = None
    muscles: tuple[str, ...] | None = None
    evidence: dict[str, str] = field(default_factory=dict)


def _kinds_named(text: str) -> int:
    """How many kinds of exercise a text names."""
    return sum(1 for _, pattern in KIND_PATTERNS if pattern.search(text))


def _first(patterns: tuple[tuple[str, re.Pattern[str]], ...], texts: list[str]) -> tuple[str, str] | None:
    """The first value whose pattern matches, trying texts in order; with the words it matched."""
    for text in texts:
        for value, pattern in patterns:
            found = pattern.search(text)
            if found is not None:
                return value, found.group(0)
    return None


def _all(patterns: tuple[tuple[str, re.Pattern[str]], ...], texts: list[str]) -> dict[str, str]:
    """Every value whose pattern matches any text, in vocabulary order, with the first words that matched."""
    found: dict[str, str] = {}
    for value, pattern in patterns:
        for text in texts:
            match = pattern.search(text)
            if match is not None:
                found[value] = match.group(0)
                break
    return found


def _muscles(texts: list[str]) -> dict[str, str]:
    """Every muscle the texts name, with the first words that named it, but for a body part in a caution or a
    direction ("avoid rounding your lower back", "bend from the hips, not the lower back", "toward your buttocks")."""
    found: dict[str, str] = {}
    for value, pattern in MUSCLE_PATTERNS:
        for text in texts:
            match = next((m for m in pattern.finditer(text) if not CAUTION_BEFORE_RE.search(text[: m.start()])), None)
            if match is not None:
                found[value] = match.group(0)
                break
    return found


def _targeted_parts(texts: list[str]) -> dict[str, str]:
    """Muscles named as body parts where the words say they are worked ("Targets: Neck, shoulders")."""
    found: dict[str, str] = {}
    for text in texts:
        for match in TARGETED_PART_RE.finditer(text):
            for word in re.split(r"[\s,&]+", match["parts"].lower()):
                if word in BODY_PART_MUSCLES:
                    found.setdefault(BODY_PART_MUSCLES[word], match.group(0).strip())
        named = NAMED_PART_RE.match(text)
        if named is not None:
            found.setdefault(BODY_PART_MUSCLES[named["part"].lower()], named.group(0))
    return found


def read_attributes(
    name: str | None,
    steps: list[str],
    notes: list[str],
    muscle_context: Sequence[str] = (),
    kind_context: Sequence[str] = (),
    position_context: Sequence[str] = (),
) -> Attributes:
    """The attributes an exercise's words state.

    `name` and `steps` are the exercise's own; `notes` are the other words of its section ("Targets: Hips, glutes").
    The contexts are what the post says of the exercises around it, nearest first (the anatomy paragraph above a
    progression, the title, "the starting position is the same for all levels"): used only for what the exercise's
    own words leave unsaid.
    """
    own = [text for text in [name or "", *steps, *notes] if text]
    evidence: dict[str, str] = {}
    # context that groups kinds ("Stretches and Exercises", "Strength and Mobility Recovery") says none of one
    deciding = [text for text in kind_context if not MIXED_KINDS_RE.search(text) and _kinds_named(text) <= 1]
    kind = _first(KIND_PATTERNS, [name or ""]) or _first(KIND_PATTERNS, own) or _first(KIND_PATTERNS, deciding)
    if kind is not None:
        evidence["kind"] = kind[1]
    equipment = _all(EQUIPMENT_PATTERNS, own)
    if "none" in equipment and len(equipment) > 1:
        del equipment["none"]
    if equipment:
        evidence["equipment"] = "; ".join(dict.fromkeys(equipment.values()))
    position = (
        _first(POSITION_PATTERNS, [name or ""])
        or _first(POSITION_PATTERNS, steps[:2])
        or _first(POSITION_PATTERNS, list(position_context))
    )
    if position is not None:
        evidence["body_position"] = position[1]
    muscles = _muscles(own)
    for muscle, words in _targeted_parts(own).items():
        muscles.setdefault(muscle, words)
    if not muscles:
        muscles = _muscles(list(muscle_context))
        for muscle, words in _targeted_parts(list(muscle_context)).items():
            muscles.setdefault(muscle, words)
    ordered = {muscle: muscles[muscle] for muscle in sorted(muscles)}
    if ordered:
        evidence["muscles"] = "; ".join(dict.fromkeys(ordered.values()))
    return Attributes(
        kind=kind[0] if kind else None,
        equipment=tuple(sorted(equipment)) if equipment else None,
        body_position=position[0] if position else None,
        muscles=tuple(ordered) if ordered else None,
        evidence=evidence,
    )
