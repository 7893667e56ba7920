"""An exercise section's steps, in each way authors write them: list items, labelled or numbered paragraphs, prose."""

from __future__ import annotations

import re

from parsers.dose import parse_dose
from parsers.exercise_blocks import (
    FRAMING_LABEL_RE,
    HEADING_TAGS,
    LIST_TAGS,
    NAME_TRIM,
    NOTE_LABEL_RE,
    NOTE_PREFIX_RE,
    PARAGRAPH_TAGS,
    bold_label,
    images_in,
    is_dose_sentence,
    is_whole_emphasis,
)
from parsers.exercise_gates import BODY_WORDS_RE, instruction_count
from parsers.exercise_sections import Section
from parsers.soup import Element
from parsers.text import element_text

# "Step 1: Stand on one leg" (the prefix only)
STEP_PREFIX_RE = re.compile(r"^step\s*#?\s*\d+\s*[:.)\-–—]\s*", re.IGNORECASE)
# A bold label that numbers a step: "Step 1:", "Step two –", "Step #3:", "1.", "2)", "B.", "First,", "Finally:"
STEP_LABEL_RE = re.compile(
    r"^(?:step\s*#?\s*)?(?:\d+|[a-h](?=\s*[.)])|one|two|three|four|five|six|seven|eight|nine|ten|first|second|third"
    r"|fourth|fifth"
    r"|next|then|finally|last)\s*[:.)\-–—,]?$",
    re.IGNORECASE,
)
STEP_LABEL_TRIM = " :.)-–—,"
# A paragraph numbered in plain text: "1. Lie on your back.", "2) Lift the hips."
NUMBERED_PARAGRAPH_RE = re.compile(r"^(?P<number>\d{1,2})\s*[.)]\s+")


def list_steps(section: Section) -> list[str]:
    """The texts of the section's list items, and the dose sentences right after the last list.

    An item labelled as a note ("Purpose: Strengthens the neck") is none; one labelled as the instructions
    ("How-to: Sit tall ...") is its text after the label."""
    items: list[str] = []
    last_list = max((index for index, block in enumerate(section.blocks) if block.tag in LIST_TAGS), default=None)
    for block in section.blocks:
        if block.tag in LIST_TAGS:
            for item in block.iterchildren("li"):
                label, text = _labelled(item)
                if text and not NOTE_LABEL_RE.match(label) and not NOTE_PREFIX_RE.match(text):
                    items.append(text)
    if last_list is not None:
        for block in section.blocks[last_list + 1 :]:
            text = element_text(block)
            if block.tag != "p" or not is_dose_sentence(text):
                break
            items.append(text)
    return items


def dose_lines(section: Section) -> list[str]:
    """Wholly italic lines right after the section's last list that state its dose ("<em>Reps: 10-12, 3 sets</em>"):
    the author's prescription, set apart from the steps."""
    last_list = max((index for index, block in enumerate(section.blocks) if block.tag in LIST_TAGS), default=None)
    lines: list[str] = []
    for block in section.blocks[last_list + 1 :] if last_list is not None else []:
        text = element_text(block)
        if block.tag != "p" or not text:
            break
        if is_dose_sentence(text):
            continue  # a step of the list (see list_steps)
        if not is_whole_emphasis(block) or parse_dose(text).is_empty():
            break
        lines.append(text)
    return lines


def _labelled(item: Element) -> tuple[str, str]:
    """A list item's or paragraph's bold label and its text, without the label when the label only frames the
    instructions ("How-to: Sit tall ..." as "Sit tall ...")."""
    label = bold_label(item).strip(NAME_TRIM + " ")
    text = element_text(item)
    if label and FRAMING_LABEL_RE.match(label) and text.startswith(label) and len(text) > len(label):
        return label, text[len(label) :].lstrip(NAME_TRIM + " ")
    return label, text


def prefixed_steps(section: Section) -> list[str]:
    """Texts of paragraphs that start with a step label ("Step N:", or a bold "1.", "Step two –"), without it."""
    steps = []
    for block in section.blocks:
        if block.tag not in PARAGRAPH_TAGS:
            continue
        text = element_text(block)
        label = bold_label(block)
        if label and STEP_LABEL_RE.match(label) and text.startswith(label) and len(text) > len(label):
            steps.append(text[len(label) :].lstrip(STEP_LABEL_TRIM))
        elif STEP_PREFIX_RE.match(text):
            steps.append(STEP_PREFIX_RE.sub("", text, count=1))
    return steps


def numbered_paragraphs(section: Section) -> list[str]:
    """Texts of paragraphs numbered in plain text from 1 ("1. Lie on your back.", "2) Lift ..."), without the
    numbers; [] unless at least two follow in order."""
    steps: list[str] = []
    for block in section.blocks:
        found = NUMBERED_PARAGRAPH_RE.match(element_text(block)) if block.tag == "p" else None
        if found is not None and int(found["number"]) == len(steps) + 1:
            steps.append(element_text(block)[found.end() :])
        elif steps:
            break
    return steps if len(steps) >= 2 else []


def note_texts(section: Section) -> list[str]:
    """Paragraphs and list items that open with a note label ("Targets: Spine, shoulders"): the exercise's words,
    never steps."""
    blocks = [item for block in section.blocks if block.tag in LIST_TAGS for item in block.iterchildren("li")]
    blocks += [block for block in section.blocks if block.tag == "p"]
    return [element_text(block) for block in blocks if NOTE_LABEL_RE.match(bold_label(block).strip(NAME_TRIM + " "))]


def paragraph_steps(section: Section) -> list[str]:
    """Texts of the paragraphs after the section's first image (before it when none follow), through the first
    all-italic one."""
    paragraphs = [block for block in section.blocks if block.tag in PARAGRAPH_TAGS or block.tag in HEADING_TAGS]
    first_image = next((index for index, block in enumerate(paragraphs) if images_in([block])), None)
    if first_image is None:
        return _paragraph_run(paragraphs)
    return _paragraph_run(paragraphs[first_image + 1 :]) or _paragraph_run(paragraphs[:first_image])


def _paragraph_run(paragraphs: list[Element]) -> list[str]:
    """The paragraphs' texts through the first all-italic one, or up to a sub-heading ("Procedure:") after them."""
    texts: list[str] = []
    for block in paragraphs:
        if block.tag in HEADING_TAGS:
            if texts:
                break
            continue
        text = element_text(block)
        if text:
            texts.append(text)
        if text and is_whole_emphasis(block):
            break
    return texts


def instruction_paragraphs(section: Section) -> list[str]:
    """Paragraphs of instructions for the body: after the section's first picture when it has one, else (the text
    above its picture) before it; a sub-heading ends them."""
    paragraphs = [
        block
        for block in section.blocks
        if (block.tag in PARAGRAPH_TAGS or block.tag in HEADING_TAGS) and _unlabelled_or_framed(block)
    ]
    first_image = next((index for index, block in enumerate(paragraphs) if images_in([block])), None)
    if first_image is None:
        return _instruction_run(paragraphs)
    return _instruction_run(paragraphs[first_image + 1 :]) or _instruction_run(paragraphs[:first_image])


def _unlabelled_or_framed(block: Element) -> bool:
    """True for a paragraph without a bold label, or one whose label only frames the instructions ("How to do it:")."""
    label, text = _labelled(block)
    return not label or (FRAMING_LABEL_RE.match(label) is not None and text != element_text(block))


def _instruction_run(paragraphs: list[Element]) -> list[str]:
    """The first run of paragraphs that instruct the body (a framing label before the instructions left out)."""
    texts: list[str] = []
    for block in paragraphs:
        _, text = _labelled(block)
        if not text:
            continue
        if instruction_count(text) >= 2 and BODY_WORDS_RE.search(text) and not NOTE_PREFIX_RE.match(text):
            texts.append(text)
        elif texts:
            break
    return texts
