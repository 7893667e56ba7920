"""The body split into sections, one per exercise candidate: at headings, bold labels, captions, list items, table rows."""

from __future__ import annotations

import copy
import itertools
import re
from dataclasses import dataclass, field

from parsers import selectors
from parsers.exercise_blocks import (
    FRAMING_LABEL_RE,
    HEADING_ITEM_MAX_WORDS,
    LIST_TAGS,
    NAME_TRIM,
    NOTE_LABEL_RE,
    SWALLOWED_TAGS,
    bold_label,
    caption_text,
    images_in,
    is_caption_heading,
    is_disclaimer,
    is_heading,
    is_image_only,
    is_sub_label,
    own_text,
)
from parsers.soup import Element, attr, is_element, select
from parsers.text import element_text

# A heading over several exercises: "Face Yoga Exercises", "Five Stretches for Runners"
SEVERAL_EXERCISES_RE = re.compile(r"\b(?:exercises|stretches|poses|moves|movements|drills)\b", re.IGNORECASE)
# A table header over a column of exercises: "Exercise", "Stretch", "Move", "Name"
NAMES_COLUMN_RE = re.compile(
    r"\b(?:exercises?|stretch(?:es)?|moves?|movements?|poses?|drills?|names?)\b", re.IGNORECASE
)
HEADING_LIST_MAX_ITEMS = 3  # a list of at most this many short names, each followed by its paragraph
PARAGRAPH_STEP_MIN_WORDS = 12
WORD_RE = re.compile(r"\w+")


@dataclass
class Section:
    """A heading and the blocks that follow it, up to the next heading or disclaimer."""

    label: str
    heading: Element
    blocks: list[Element] = field(default_factory=list)
    listed: bool = False  # one item of a list a heading calls exercises ("Face Yoga Exercises")


def split_sections(blocks: list[Element]) -> list[Section]:
    """Sections from headings (or bold paragraphs, or short lists of names) to the next heading or disclaimer."""
    sections: list[Section] = []
    current: Section | None = None
    for index, block in enumerate(blocks):
        inner = (
            _list_sections(block)
            or _table_sections(block)
            or _named_item_sections(block, current)
            or _heading_list_sections(block, blocks[index + 1 :])
        )
        if inner:
            sections.extend(inner)
            current = inner[-1] if not inner[-1].blocks and inner[-1].heading.tag == "li" else None
        elif current is not None and is_sub_label(block):
            current.blocks.append(block)
        elif is_caption_heading(block):
            current = Section(caption_text(block), block)
            sections.append(current)
        elif is_heading(block):
            # A heading left open swallows the blocks after it: they are the section's, not its label.
            swallowed = [child for child in block if is_element(child) and child.tag in SWALLOWED_TAGS]
            previous, current = current, Section(own_text(block), block, swallowed)
            picture = blocks[index - 1] if index else None
            if picture is not None and _names_its_picture(picture, current.label):
                if previous is not None and previous.blocks and previous.blocks[-1] is picture:
                    previous.blocks.pop()
                current.blocks.insert(0, picture)
            sections.append(current)
        elif is_disclaimer(block):
            current = None
        elif current is not None:
            current.blocks.append(block)
    return sections


def _names_its_picture(block: Element, label: str) -> bool:
    """True for a picture right above a heading whose alt names it (alt "Dragon Pose" over "Exercise 2: Dragon Pose"):
    it shows that section, not the one it closes."""
    alts = [alt for image in images_in([block]) if (alt := attr(image, "alt"))]
    alt_words = set(WORD_RE.findall(alts[0].lower())) if len(alts) == 1 else set()
    return is_image_only(block) and bool(alt_words) and alt_words <= set(WORD_RE.findall(label.lower()))


def _list_sections(block: Element) -> list[Section]:
    """A list of exercises, each item a name and its nested list of steps; [] for any other block."""
    if block.tag not in LIST_TAGS:
        return []
    items = list(block.iterchildren("li"))
    nested = [[child for child in item if is_element(child) and child.tag in LIST_TAGS] for item in items]
    if not items or not all(nested) or not all(own_text(item) for item in items):
        return []
    return [Section(_item_label(item), item, lists) for item, lists in zip(items, nested, strict=True)]


def _named_item_sections(block: Element, heading: Section | None) -> list[Section]:
    """A list under a heading over several exercises ("Face Yoga Exercises") whose items each open with a bold name
    and go on with its instructions ("<strong>Cheek Lifter:</strong> Smile as wide ..."): a section per item, with
    the item's words after its name as a paragraph; [] for any other block."""
    if block.tag not in LIST_TAGS or heading is None or not SEVERAL_EXERCISES_RE.search(heading.label):
        return []
    items = list(block.iterchildren("li"))
    labels = [bold_label(item).strip(NAME_TRIM) for item in items]
    if len(items) < 2 or not all(_names_an_item(label) for label in labels):
        return []
    sections = [
        Section(label, item, [after], listed=True)
        for label, item in zip(labels, items, strict=True)
        if (after := _after_label(item)) is not None
    ]
    return sections if len(sections) == len(items) else []


def _names_an_item(label: str) -> bool:
    """True for a bold label short enough to name an exercise, and neither a note's, a step's nor a frame's."""
    if not label or len(label.split()) > HEADING_ITEM_MAX_WORDS:
        return False
    return not (NOTE_LABEL_RE.match(label) or FRAMING_LABEL_RE.match(label) or label[:1].isdigit())


def _after_label(item: Element) -> Element | None:
    """A paragraph of what a list item says after its bold label, or None when it says nothing more."""
    paragraph = copy.deepcopy(item)
    paragraph.tag = "p"
    label = next(child for child in paragraph if is_element(child))
    paragraph.text = (label.tail or "").lstrip(NAME_TRIM + " ")
    paragraph.remove(label)
    return paragraph if element_text(paragraph) else None


def _heading_list_sections(block: Element, after: list[Element]) -> list[Section]:
    """A short list of names, each a heading, whose last name's instructions are the paragraphs after the list.

    Some editors number exercises as one-item lists between their paragraphs ("1. Knee Planks", then a paragraph).
    """
    if block.tag not in LIST_TAGS or not after or after[0].tag != "p" or is_heading(after[0]):
        return []
    items = list(block.iterchildren("li"))
    texts = [own_text(item) for item in items]
    if not 0 < len(items) <= HEADING_LIST_MAX_ITEMS or any(
        any(is_element(child) and child.tag in LIST_TAGS for child in item) for item in items
    ):
        return []
    last = texts[-1]
    if not last or last.endswith((".", "!", "?", ":")) or len(last.split()) > HEADING_ITEM_MAX_WORDS:
        return []
    if any(len(text.split()) > HEADING_ITEM_MAX_WORDS + 2 for text in texts):
        return []
    if len(element_text(after[0]).split()) < PARAGRAPH_STEP_MIN_WORDS:
        return []
    return [Section(text, item) for text, item in zip(texts, items, strict=True) if text]


def _item_label(item: Element) -> str:
    """A list item's name: the bold text it opens with ("Band Row:" as "Band Row"), else its own text."""
    bold = bold_label(item).strip(NAME_TRIM)
    return bold or own_text(item)


def _table_sections(block: Element) -> list[Section]:
    """A table with a row per exercise: its name in the first cell, its steps in the next; [] otherwise, and for a
    table whose header names no column of exercises."""
    table = block if block.tag == "table" else next(iter(select(block, selectors.TABLES)), None)
    if table is None:
        return []
    rows = [
        [cell for cell in row if is_element(cell) and cell.tag in ("td", "th")]
        for row in select(table, selectors.TABLE_ROWS)
    ]
    header = next((row for row in rows if row and all(cell.tag == "th" for cell in row)), None)
    if header is not None and not NAMES_COLUMN_RE.search(element_text(header[0])):
        return []  # a table of principles, tips or a schedule, by its header ("Principle | Description")
    return [
        Section(element_text(cells[0]), cells[0], cells[1:])
        for cells in rows
        if len(cells) >= 2 and cells[0].tag == "td" and element_text(cells[0])
    ]


def outranks(sections: list[Section], index: int) -> bool:
    """True when a section's heading is of a higher rank than the next section's (an <h2> over an <h3>)."""
    pair = [section.heading.tag for section in sections[index : index + 2]]
    return len(pair) == 2 and all(tag in selectors.HEADINGS for tag in pair) and pair[0] < pair[1]


def move_trailing_images(sections: list[Section]) -> None:
    """A picture that closes a section of prose, after its steps, shows the next section when that one has none.

    From the last pair back: a section whose own closing picture moves on has none left to keep the one before."""
    for section, following in reversed(list(itertools.pairwise(sections))):
        if len(section.blocks) < 2 or not is_image_only(section.blocks[-1]) or images_in([following.heading]):
            continue
        if not following.blocks:  # an empty heading ("References") shows nothing
            continue
        if any(images_in([block]) for block in following.blocks) or images_in(section.blocks[:-1]):
            continue
        if any(block.tag in LIST_TAGS for block in section.blocks):
            continue
        following.blocks.insert(0, section.blocks.pop())
