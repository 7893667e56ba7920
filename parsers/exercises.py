"""Exercises shown in a post body: sections that start at a heading (or a label), with an image and steps."""

from __future__ import annotations

import re
from dataclasses import replace

from parsers.exercise_attributes import MUSCLE_WORDS_RE
from parsers.exercise_blocks import HEADING_ITEM_MAX_WORDS, LIST_TAGS, body_blocks, cell_lines, images_in, is_heading
from parsers.exercise_gates import (
    BODY_WORDS_RE,
    has_exercise_words,
    has_instructions,
    instruction_count,
    is_about_exercises,
    is_advice,
    is_dosed,
    names_exercise,
)
from parsers.exercise_levels import (
    LEVEL_IN_TEXT_RE,
    LEVEL_LABEL_RE,
    NUMBERED_LABEL_RE,
    PROGRESSION_TITLE_RE,
    final_level,
    in_progression,
    referred_back,
    tier_level,
)
from parsers.exercise_names import (
    MOVEMENT_WORDS_RE,
    name_from_alt,
    name_from_label,
    name_from_sentence,
    name_from_title,
    name_key,
)
from parsers.exercise_records import Found, PostContext, exercise_record, section_text, shared_dose
from parsers.exercise_sections import Section, move_trailing_images, outranks, split_sections
from parsers.exercise_steps import (
    dose_lines,
    instruction_paragraphs,
    list_steps,
    note_texts,
    numbered_paragraphs,
    paragraph_steps,
    prefixed_steps,
)
from parsers.models import Exercise
from parsers.soup import Element, attr
from parsers.text import collapse_whitespace, element_text

# "Hold the knife", "hold it steady": holding an object, said by any how-to
HOLDING_A_THING_RE = re.compile(
    r"\bhold(?:s|ing)?\s+(?:the|a|an|it|this|that|them)\b(?!\s+(?:plank|pose|position|stretch))", re.IGNORECASE
)


def section_exercises(section: Section, is_progression_step: bool = False) -> list[Found]:
    """The exercises a section shows: none when it is not one (e.g. "The Basics", a packing list, a recipe).

    "Exercise 2" or "Stretch #1" labels an exercise; "Level 2" only as a step of a progression (a run of such
    sections, or a post whose title names a progression or exercise). Any other section needs steps (a list, labelled
    paragraphs or table cells) that state a dose, or an image and exercise words, or instructions for the body; or
    paragraphs of such instructions. A sentence that introduces a variation ("you can try one-handed wall push-ups")
    makes its own exercise, with the list after it or its own paragraph as steps.
    """
    variations, section = _split_variations(section)
    found = _section_exercise(section, is_progression_step)
    return [*variations, *([found] if found else [])]


def _split_variations(section: Section) -> tuple[list[Found], Section]:
    """Variations a section's prose introduces, and the section without their blocks."""
    own = name_key(name_from_label(section.label))
    variations: list[Found] = []
    kept: list[Element] = []
    blocks = section.blocks
    skip: set[int] = set()
    for index, block in enumerate(blocks):
        if index in skip:
            continue
        text = element_text(block) if block.tag == "p" else ""
        name = name_from_sentence(text) if text else None
        if name is None or name_key(name) == own:
            kept.append(block)
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if following is not None and following.tag in LIST_TAGS:
            steps = [item_text for item in following.iterchildren("li") if (item_text := element_text(item))]
            if has_instructions(steps):
                variations.append(Found(text, name, None, None, steps, []))
                skip.add(index + 1)
                continue
        elif instruction_count(text) and BODY_WORDS_RE.search(text):
            variations.append(Found(section.label, name, None, None, [text], []))
            continue
        kept.append(block)
    return variations, Section(section.label, section.heading, kept)


def _section_exercise(section: Section, is_progression_step: bool) -> Found | None:
    """The one exercise a section's heading and blocks show, or None."""
    level = LEVEL_LABEL_RE.match(section.label)
    numbered = NUMBERED_LABEL_RE.match(section.label)
    images = images_in([section.heading, *section.blocks])
    list_items = list_steps(section)
    prefixed = prefixed_steps(section) or numbered_paragraphs(section)
    cells = [line for block in section.blocks if block.tag in ("td", "th") for line in cell_lines(block)]
    structured = list_items or prefixed or cells
    doses = dose_lines(section)
    labelled = numbered is not None or (level is not None and is_progression_step)
    alts = [alt for image in images if (alt := attr(image, "alt"))]
    worded = bool(images) and has_exercise_words([section.label, *structured, *alts])
    about = is_about_exercises(section.label)
    if labelled:
        texts = structured or paragraph_steps(section)
    elif about or is_advice(name_from_label(section.label)):
        return None
    elif cells and not (list_items or prefixed):
        # a table has rows of anything (a schedule, a product comparison): its cells must be instructions
        if not has_instructions(cells):
            return None
        texts = cells
    elif structured:
        dosed = worded or any(is_dosed(text) for text in [*structured, *doses])
        if not (dosed or has_instructions(structured)):
            return None
        texts = structured
    elif len(section.label.split()) <= HEADING_ITEM_MAX_WORDS + 2:
        texts = instruction_paragraphs(section)
        # prose alone is an exercise where a heading lists it as one, or it names a movement, uses exercise words or
        # states a dose: a recipe or a story also says "close your eyes" and "put it up to your nose"
        words = [section.label, *texts, *alts]
        # "hold" names a movement ("hold the plank", "a 30-second hold"), not where it holds a thing ("Hold the knife",
        # "hold it as consistently as you can")
        exercise_like = has_exercise_words(words) or any(
            MOVEMENT_WORDS_RE.search(HOLDING_A_THING_RE.sub(" ", text)) for text in words
        )
        exercise_like = exercise_like or any(is_dosed(text) for text in texts)
        if not (section.listed or exercise_like):
            return None
    else:
        return None
    if not texts:
        return None
    name = numbered["name"] if numbered and numbered["name"] else name_from_label(section.label)
    return Found(
        label=section.label,
        name=name,
        level=int(level["number"]) if level else None,
        image=images[0] if images else None,
        texts=texts,
        notes=note_texts(section),
        dose_texts=doses,
    )


def _level_name(found: Found, parent: str | None, title: str) -> tuple[str | None, str | None]:
    """A "Level N" exercise's name and the words it was read from: the progression the title names, the heading
    above the levels, or the picture's alt; (None, None) when none of them names it.

    The author's heading comes before the alt, which often adds words of its own ("Prone T exercise, level 1").
    """
    from_title = name_from_title(title) if PROGRESSION_TITLE_RE.match(title) else None
    if from_title:
        return from_title, title
    if parent:
        return parent, parent
    alt = attr(found.image, "alt")
    from_alt = name_from_alt(LEVEL_IN_TEXT_RE.sub(" ", alt or ""))
    return (from_alt, alt) if from_alt else (None, None)


def exercises_in(body: list[Element], page_url: str, post_title: str) -> list[Exercise]:
    """Every exercise in the post body's elements, in order, positions from 1."""
    blocks = [block for element in body for block in body_blocks(element)]
    title = collapse_whitespace(post_title)
    sections = split_sections(blocks)
    move_trailing_images(sections)
    steps = (
        in_progression([section.label for section in sections]) if not names_exercise(title) else [True] * len(sections)
    )
    # "Phase 1" over exercises of its own, each under a lower heading, groups them: it is no step of a progression
    steps = [is_step and not outranks(sections, index) for index, is_step in enumerate(steps)]
    first_heading = next((index for index, block in enumerate(blocks) if is_heading(block)), len(blocks))
    intro = [text for block in blocks[:first_heading] if (text := element_text(block))]
    context = PostContext(title, list(reversed(intro)), shared_dose(intro))
    tier: int | None = None
    parent: str | None = None  # a heading that names the progression under it ("Prone T", then "Level 1")
    after_run = False
    exercises: list[Exercise] = []
    for section, is_step in zip(sections, steps, strict=True):
        found = section_exercises(section, is_step)
        if not found:
            if after_run:
                context.prose, after_run = [], False
            tier = tier_level(section.label) or tier
            _relisted_under_tier(exercises, section.label, tier)
            texts = section_text(section)
            context.prose[:0] = reversed(texts)
            context.shared = shared_dose(texts) or context.shared
            parent = _parent_name(section)
            continue
        after_run = True
        for item in found:
            if item.level is None and tier is not None:
                item.level = tier
            if item.level is None:
                item.level = final_level(item.label, exercises[-1].level if exercises else None)
            name, source = (item.name, item.label) if item.name is not None else _level_name(item, parent, title)
            exercises.append(exercise_record(item, len(exercises) + 1, page_url, context, name, source))
    return exercises


def _relisted_under_tier(exercises: list[Exercise], label: str, tier: int | None) -> None:
    """An exercise described before the tiers and listed again under one ("Classic Planks. See above.") takes
    that tier, when it has no level of its own."""
    earlier = referred_back(label)
    if tier is None or earlier is None:
        return
    key = name_key(name_from_label(earlier))
    for index, exercise in enumerate(exercises):
        if exercise.level is None and key and name_key(exercise.name) == key:
            exercises[index] = replace(exercise, level=tier)


def _parent_name(section: Section) -> str | None:
    """The movement a heading without an exercise names, for the levels under it ("Prone T"); None for prose."""
    name = name_from_label(section.label)
    if name is None or is_about_exercises(section.label) or tier_level(section.label) is not None:
        return None
    if len(name.split()) > HEADING_ITEM_MAX_WORDS or name.lower().startswith(("the ", "a ", "an ")):
        return None
    return None if MUSCLE_WORDS_RE.search(name) else name
