"""An exercise's name as its author gives it, without numbering, level words or the post's framing, and its family."""

from __future__ import annotations

import re

from parsers.text import collapse_whitespace

# "1. Seated Spinal Twist", "#4 Bird Dog", "4) Clamshell", "No. 2 – Bridge"
NUMBERING_RE = re.compile(r"^(?:no\.\s*|#\s*)?\d{1,2}\s*(?:[.):\-–—]\s*|\s(?=[A-Za-z]))", re.IGNORECASE)
# "Exercise 3:", "Stretch #2 –", "Move 1.", "Level 2 –", "Variation 1:", "Phase 3", "Step 2" heading a name
FRAMING_PREFIX_RE = re.compile(
    r"^(?:exercise|stretch|move|drill|pose|level|variation|phase|stage|progression|option|step)\s*#?\s*\d+\s*"
    r"(?:[:.)\-–—]\s*|$)",
    re.IGNORECASE,
)
# "How to do Push ups", "How to Practice Yoga Nidra", "Steps for Progressive Muscle Relaxation", "To do a plank"
HOW_TO_RE = re.compile(
    r"^(?:how\s+to\s+(?:do|perform|practi[cs]e|complete|execute|master)|steps\s+(?:for|to)|instructions\s+for"
    r"|to\s+(?:do|perform))\s+(?:an?\s+|the\s+)?(?P<name>.+)$",
    re.IGNORECASE,
)
# The audience or place a how-to adds after the name: "for female beginners at home", "at your desk"
HOW_TO_TAIL_RE = re.compile(r"\s+(?:for|at|in)\s+(?!the\s+wall\b).*$", re.IGNORECASE)
# A part of a label that frames the name: "Basic Steps", "Form and Technique", "Level 2", "Beginner", "Instructions"
FRAMING_PART_RE = re.compile(
    r"^(?:(?:the\s+)?basic\s+steps|steps?|form(?:\s+and\s+technique)?|technique|instructions?|how\s+to(?:\s+do\s+it)?"
    r"|tutorial|step[\s-]by[\s-]step|(?:level|variation|phase|stage|option)(?:\s*#?\s*\d+)?|beginners?|intermediate"
    r"|advanced|easy|hard(?:er)?|progressions?|exercises?|variations?|(?:exercise|stretch|move)\s*#?\s*\d+)$",
    re.IGNORECASE,
)
# Separators between a name and its framing: "Core Control: Dead Bug", "Classic Plank – Form and Technique"
COLON_RE = re.compile(r"\s*:\s+|\s*:$")
DASH_RE = re.compile(r"\s+[-–—|]\s+")
# "Level 1", "Level – Beginner" inside a name or alt ("Clamshell Level 1")
LEVEL_WORDS_RE = re.compile(
    r"\b(?:level|variation|phase|stage)\s*(?:#?\s*\d+|[-–—:]?\s*(?:beginner|intermediate|advanced))\b", re.IGNORECASE
)
# "you can try one-handed wall pushups", "try pushups from a seated position", "Another great variation of the
# standard pushup is a pushup with hip abduction"
VARIATION_SENTENCE_RE = re.compile(
    r"\b(?:(?:you\s+(?:can|could|may)\s+(?:also\s+)?)?try(?!\s+(?:doing|to|this|these|it|them)\b)"
    r"|variation\s+of\s+[^.;!?]{1,40}?\s+is)\s+(?:an?\s+|the\s+)?(?P<name>[^.;!?,]{3,60})",
    re.IGNORECASE,
)
# "pushups from a seated position" -> "seated pushups"
FROM_POSITION_RE = re.compile(r"^(?P<movement>.+?)\s+(?:from|in)\s+(?:an?|the)\s+(?P<position>\w+)\s+position$")
# Words that name a movement: a variation sentence must name one ("try incline pushups", not "try a new routine")
MOVEMENT_WORDS_RE = re.compile(
    r"\b(?:push[\s-]?ups?|pushups?|pull[\s-]?ups?|sit[\s-]?ups?|chin[\s-]?ups?|squats?|lunges?|planks?|bridges?"
    r"|clamshells?|raises?|curls?|rows?|press(?:es)?|stretch(?:es)?|dips?|crunch(?:es)?|deadlifts?|rotations?"
    r"|twists?|holds?|marches|march|kicks?|extensions?|flys?|flies|slides?|tucks?|poses?|balances?|step[\s-]?ups?"
    r"|bird[\s-]?dogs?|dead[\s-]?bugs?|jumps?|hops?)\b",
    re.IGNORECASE,
)
NAME_TRIM = " -–—:|,.;"
# Joined words that are one movement: "push ups", "push-ups" and "pushups" are one family
COMPOUNDS_RE = re.compile(r"\b(push|pull|sit|chin|step)[\s-]?(ups?)\b", re.IGNORECASE)
# Movements written as one word or two: "clam shell" and "clamshell", "dead lift" and "deadlift"
CLOSED_COMPOUNDS_RE = re.compile(r"\b(clam|dead)[\s-](shells?|lifts?)\b", re.IGNORECASE)
# Words that add nothing to a family: articles and the variation's framing
FAMILY_NOISE = frozenset({"a", "an", "the", "exercise", "exercises", "level", "levels", "variation", "variations"})
# Modifiers that make a variation of the same movement: "Wall push-up" and "Incline push-up" are push-ups
VARIATION_MODIFIERS = frozenset(
    {
        "standing",
        "seated",
        "sitting",
        "kneeling",
        "half-kneeling",
        "supine",
        "prone",
        "side-lying",
        "wall",
        "incline",
        "decline",
        "modified",
        "classic",
        "standard",
        "basic",
        "assisted",
        "weighted",
        "banded",
        "band",
        "resisted",
        "one-handed",
        "high",
        "low",
        "knee",
        "dynamic",
        "reverse",
        "full",
        "partial",
        "bodyweight",
        "goblet",
        "chair",
        "glute",
    }
)
# Movement words that name no exercise alone: "Wall Slides" and "Heel Slides" are different movements
GENERIC_MOTIONS = frozenset({"slide", "hold", "stretch", "march", "kick", "lift", "raise", "extension"})
# A second word that makes a variation and not another movement: "Bridge March", "Side Plank Hold"
VARIATION_SUFFIXES = frozenset({"march", "marches", "hold", "holds", "with", "on", "and", "plus", "+"})


def _strip_framing(text: str) -> str:
    """A label without numbering, "Exercise 3:" or "Level 2 –" prefixes, and the trailing colon."""
    previous = None
    while previous != text:
        previous = text
        text = NUMBERING_RE.sub("", text, count=1)
        text = FRAMING_PREFIX_RE.sub("", text, count=1).strip(NAME_TRIM + " ")
    return text


def _without_parts(text: str) -> str:
    """The name among a label's parts: after a colon the last part that is not framing, around a dash the first."""
    parts = [part.strip(NAME_TRIM) for part in COLON_RE.split(text)]
    parts = [part for part in parts if part and not FRAMING_PART_RE.match(part)]
    if not parts:
        return ""
    candidate = parts[-1] if len(parts) > 1 and not HOW_TO_RE.match(parts[0]) else parts[0]
    pieces = [piece.strip(NAME_TRIM) for piece in DASH_RE.split(candidate)]
    pieces = [piece for piece in pieces if piece and not FRAMING_PART_RE.match(piece)]
    return pieces[0] if pieces else ""


def name_from_label(label: str) -> str | None:
    """The exercise a heading or label names ("1. Seated Spinal Twist" -> "Seated Spinal Twist"); None if only framing.

    "How to do Push ups for beginners : Basic Steps" -> "Push ups", "Classic Plank – Form and Technique:" ->
    "Classic Plank", "Core Control: Dead Bug" -> "Dead Bug", "Level 2" -> None.
    """
    text = _strip_framing(collapse_whitespace(label))
    text = _without_parts(text)
    how_to = HOW_TO_RE.match(text)
    if how_to is not None:
        text = HOW_TO_TAIL_RE.sub("", how_to["name"])
    text = collapse_whitespace(LEVEL_WORDS_RE.sub(" ", text)).strip(NAME_TRIM)
    return text or None


def name_from_alt(alt: str | None) -> str | None:
    """The exercise an image's alt names without its level ("Clamshell Level 1" -> "Clamshell"), or None."""
    text = collapse_whitespace(LEVEL_WORDS_RE.sub(" ", alt or "")).strip(NAME_TRIM)
    return text or None


def name_from_sentence(sentence: str) -> str | None:
    """The variation a sentence introduces ("try pushups from a seated position" -> "Seated pushups"), or None."""
    found = VARIATION_SENTENCE_RE.search(sentence)
    if found is None or not MOVEMENT_WORDS_RE.search(found["name"]):
        return None
    name = found["name"].strip(NAME_TRIM)
    positioned = FROM_POSITION_RE.match(name)
    if positioned is not None:
        name = f"{positioned['position']} {positioned['movement']}"
    return name[0].upper() + name[1:]


def name_from_title(title: str) -> str | None:
    """The one exercise a post title names ("Bridge Progression", "How to Do a Clamshell"), or None."""
    text = collapse_whitespace(title)
    progression = re.match(
        r"^(?P<name>.+?)\s+(?:progressions?|levels?|series|variations?)[\s!.:]*$", text, re.IGNORECASE
    )
    if progression is not None:
        return progression["name"].strip(NAME_TRIM)
    how_to = HOW_TO_RE.match(text)
    if how_to is not None and MOVEMENT_WORDS_RE.search(how_to["name"]) and len(how_to["name"].split()) <= 4:
        return HOW_TO_TAIL_RE.sub("", how_to["name"]).strip(NAME_TRIM)
    return None


def family_of(name: str | None) -> str | None:
    """The movement a name teaches, normalised and shared by its levels, variations and spellings.

    "Single-Leg Balance" and "Single leg balance" -> "single leg balance"; "Wall pushups" and "Push-Ups" ->
    "push up"; "Bridge March" -> "bridge"; "Clamshell" -> "clamshell".
    """
    if not name:
        return None
    text = re.sub(r"\([^)]*\)", " ", name.lower())
    text = COMPOUNDS_RE.sub(lambda found: f"{found[1]}-up", text)
    text = CLOSED_COMPOUNDS_RE.sub(lambda found: found[1] + found[2], text)
    text = (
        text.replace("single leg", "single-leg")
        .replace("one handed", "one-handed")
        .replace("side lying", "side-lying")
        .replace("sidelying", "side-lying")
    )
    words = [word.strip("’'.,:;!?") for word in re.split(r"[\s/]+", text)]
    words = [word for word in words if word]
    while words and words[0] in FAMILY_NOISE:
        words = words[1:]
    words = [word for word in words if word not in FAMILY_NOISE or word in ("a", "the")]
    words[-1:] = [_singular(word) for word in words[-1:]]
    while len(words) > 1 and words[0] in VARIATION_MODIFIERS and _names_movement(words[1:]):
        words = words[1:]
    for index, word in enumerate(words[1:], start=1):
        if word in VARIATION_SUFFIXES:
            words = words[:index]
            break
    return " ".join(words).replace("-", " ") or None


def _names_movement(words: list[str]) -> bool:
    """True when the words name a movement without the modifier before them ("push-up"; "slide" alone does not)."""
    return MOVEMENT_WORDS_RE.search(" ".join(words)) is not None and words not in ([word] for word in GENERIC_MOTIONS)


def _singular(word: str) -> str:
    """A plural movement word as its singular ("planks" -> "plank", "push-ups" -> "push-up", "stretches" -> ...)."""
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ps")) and len(word) > 3:
        return word[:-1]
    if word.endswith("-ups"):
        return word[:-1]
    return word


def name_key(name: str | None) -> str:
    """A name compared across spellings ("Incline push-ups" and "incline pushups" are one), "" for None."""
    if not name:
        return ""
    text = COMPOUNDS_RE.sub(lambda found: f"{found[1]}-up", re.sub(r"\([^)]*\)", " ", name.lower()))
    words = [word.strip("’'.,:;!?") for word in re.split(r"[\s/]+", text)]
    words = [word for word in words if word and word not in ("a", "an", "the")]
    words[-1:] = [_singular(word) for word in words[-1:]]
    return " ".join(words).replace("-", " ")
