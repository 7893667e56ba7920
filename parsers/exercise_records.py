"""The Exercise record for an exercise found in a section: its steps' doses, the post's context, family, attributes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers.dose import Dose, combine, is_shared_dose, parse_dose
from parsers.exercise_attributes import ANATOMICAL_NAMES_RE, read_attributes
from parsers.exercise_blocks import image_src
from parsers.exercise_names import family_of
from parsers.exercise_sections import Section
from parsers.models import Exercise, ExerciseStep
from parsers.soup import Element, attr
from parsers.text import collapse_whitespace, element_text
from parsers.urls import canonical_url

SENTENCE_RE = re.compile(r"(?<=[.!?])\s+")
# Where a step turns to an easier or harder version ("... 8 to 12 repetitions. Harder: a slow 3-second lowering"): the
# dose after it belongs to that variant, not to the exercise
VARIANT_RE = re.compile(
    r"\b(?:easier|harder|progressions?|regressions?|to progress|to make it (?:easier|harder)|advanced|modification)\s*:",
    re.IGNORECASE,
)
# Prose about the exercises that follow: "These three gentle stretches", "this exercise strengthens"
ABOUT_THE_EXERCISES_RE = re.compile(
    r"\b(?:these|this|the following|each|every)\b[^.!?]{0,30}\b(?:exercises?|stretch(?:es)?|moves?|poses?|drills?)\b",
    re.IGNORECASE,
)
# A warm-up or cool-down: its stretches and exercises are not the ones the post teaches
WARM_UP_RE = re.compile(r"\b(?:warm(?:ing)?[\s-]?ups?|cool(?:ing)?[\s-]?downs?)\b", re.IGNORECASE)
# "The starting position is the same for all levels. Start in side-lying ..."
STARTING_POSITION_RE = re.compile(r"\b(?:start(?:ing)? (?:in|on|position|from)|begin (?:in|on|by))\b", re.IGNORECASE)
# Where the post says it hurts ("a deep ache in the buttock", "numbness down the leg"): the body part named there is
# the complaint, never a muscle the exercises work
SYMPTOM_RE = re.compile(
    r"\b(?:pain(?:ful|s)?|ach(?:e|es|ing|y)|sore(?:ness)?|hurts?|hurting|tingl\w*|numb\w*|shooting|burning|injur\w*"
    r"|spasms?|stiff(?:ness)?|discomfort)\b",
    re.IGNORECASE,
)
# A sentence that says what the exercises work ("these stretches target the hamstrings", "the muscles of the hip",
# "it strengthens the glutes"), unless it names a muscle by its anatomical name; a bare heading ("The core routine")
# or another exercise's step ("Place pillows under knees or calves") names a body part without saying it is worked
WORKS_MUSCLES_RE = re.compile(
    r"\bmuscles?\b|\b(?:target|work|strengthen|stretch|engage|isolate|tone)(?:s|es|ed|ing)?\b",
    re.IGNORECASE,
)


def base_words(text: str) -> str:
    """A step's words before it turns to an easier or harder variant."""
    found = VARIANT_RE.search(text)
    return text[: found.start()] if found and found.start() > 0 else text


@dataclass
class Found:
    """An exercise a section shows, before it is numbered and named in the post's context."""

    label: str
    name: str | None
    level: int | None
    image: Element | None
    texts: list[str]
    notes: list[str]
    dose_texts: list[str] = field(default_factory=list)  # lines that state the dose apart from the steps


@dataclass
class PostContext:
    """What the post says around its exercises: the title, the prose before the current run, a shared dose."""

    title: str
    prose: list[str] = field(default_factory=list)  # nearest first: the text between the last run and this one
    shared: Dose | None = None

    def kind_context(self) -> list[str]:
        """Where an exercise's kind may be read when its own words do not say: the title, then prose about them; not
        prose about a warm-up or cool-down, whose stretches are other exercises ("Start with a suitable warm-up. This
        should consist of aerobic exercise followed by some dynamic stretches.")."""
        about = [text for text in self.prose if ABOUT_THE_EXERCISES_RE.search(text) and not WARM_UP_RE.search(text)]
        return [self.title, *about]

    def muscle_context(self) -> list[str]:
        """Sentences of the prose around the exercises that may name the muscles they work: not those that say
        where it hurts."""
        return [
            sentence
            for text in self.prose
            for sentence in SENTENCE_RE.split(text)
            if sentence
            and not SYMPTOM_RE.search(sentence)
            and any(
                pattern.search(sentence) for pattern in (WORKS_MUSCLES_RE, ANATOMICAL_NAMES_RE, ABOUT_THE_EXERCISES_RE)
            )
        ]

    def position_context(self) -> list[str]:
        """Sentences that set every level's starting position ("The starting position is the same for all")."""
        return [text for text in self.prose if STARTING_POSITION_RE.search(text)]


def section_text(section: Section) -> list[str]:
    """The section's heading and paragraph texts."""
    return [section.label, *(text for block in section.blocks if (text := element_text(block)))]


def shared_dose(texts: list[str]) -> Dose | None:
    """The dose a sentence sets for every exercise after it, or None."""
    for text in texts:
        for sentence in SENTENCE_RE.split(text):
            if is_shared_dose(sentence):
                return parse_dose(sentence)
    return None


def exercise_record(
    found: Found, position: int, page_url: str, context: PostContext, name: str | None, source: str | None
) -> Exercise:
    """The Exercise record for a found exercise, with its dose, family and attributes."""
    doses = [parse_dose(base_words(text)) for text in found.texts]
    steps = tuple(
        ExerciseStep(
            number,
            text,
            dose.hold_seconds_min,
            dose.hold_seconds_max,
            dose.reps,
            dose.sets,
            dose.per_side,
            dose.rest_seconds,
            dose.tempo,
        )
        for number, (text, dose) in enumerate(zip(found.texts, doses, strict=True), start=1)
    )
    dose = combine([*doses, *(parse_dose(text) for text in found.dose_texts)], context.shared)
    attributes = read_attributes(
        name,
        found.texts,
        [found.label, *found.notes],
        muscle_context=context.muscle_context(),
        kind_context=context.kind_context(),
        position_context=context.position_context(),
    )
    src = image_src(found.image)
    raw_alt = attr(found.image, "alt")
    evidence = {**attributes.evidence, **{f"dose {key}": words for key, words in dose.evidence.items() if words}}
    if name and source:
        evidence["name"] = source
    return Exercise(
        position=position,
        name=name,
        level=found.level,
        label=found.label,
        image_url=canonical_url(src, page_url) if src else None,
        image_alt=collapse_whitespace(raw_alt) if raw_alt is not None else None,
        steps=steps,
        family=family_of(name),
        kind=attributes.kind,
        equipment=attributes.equipment,
        body_position=attributes.body_position,
        muscles=attributes.muscles,
        sets=dose.sets,
        reps=dose.reps,
        hold_seconds_min=dose.hold_seconds_min,
        hold_seconds_max=dose.hold_seconds_max,
        per_side=True if dose.per_side else None,
        rest_seconds=dose.rest_seconds,
        tempo=dose.tempo,
        evidence=evidence,
    )
