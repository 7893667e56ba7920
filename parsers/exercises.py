"""Exercises shown in a post body: sections that start at a heading, with an image and steps."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers import selectors
from parsers.content import find_body
from parsers.models import Exercise, ExerciseStep
from parsers.soup import Element, Markup, attr, is_element, make_tree, select
from parsers.steps import parse_step
from parsers.text import collapse_whitespace, element_text, is_noise
from parsers.urls import canonical_url

# "Level 1", "Variation 2", "Phase 3", "Stage #4"
LEVEL_LABEL_RE = re.compile(r"^(?:level|variation|phase|stage)\s*#?\s*(?P<number>\d+)\b", re.IGNORECASE)
# "Exercise 1: External Rotation", "Stretch #2: Figure-Four Stretch"
NUMBERED_LABEL_RE = re.compile(
    r"^(?:exercise|stretch|move|drill)\s*#?\s*(?P<number>\d+)\s*(?:[:.\-–—]\s*(?P<name>.+))?$", re.IGNORECASE
)
# "Step 1: Stand on one leg" (the prefix only)
STEP_PREFIX_RE = re.compile(r"^step\s*#?\s*\d+\s*[:.)\-–—]\s*", re.IGNORECASE)
# "DISCLAIMER: The purpose of this site ..."
DISCLAIMER_RE = re.compile(r"^disclaimer\b", re.IGNORECASE)
# "Bridge Progression", "Side Plank Levels" (the name before the progression word)
PROGRESSION_TITLE_RE = re.compile(
    r"^(?P<name>.+?)\s+(?:progressions?|levels?|series|variations?)[\s!.:]*$", re.IGNORECASE
)
# "Level 1" inside an image alt such as "Clamshell Level 1"
LEVEL_IN_TEXT_RE = re.compile(r"\b(?:level|variation|phase|stage)\s*#?\s*\d+\b", re.IGNORECASE)

CONTAINER_TAGS = frozenset({"div", "section", "article", "main"})
LIST_TAGS = frozenset({"ul", "ol"})
PARAGRAPH_TAGS = frozenset({"p", "div", "blockquote", "figure"})
BOLD_TAGS = frozenset({"strong", "b"})
EMPHASIS_TAGS = frozenset({"em", "i"})
NAME_TRIM = " -–—:|,"


@dataclass
class Section:
    """A heading and the blocks that follow it, up to the next heading or disclaimer."""

    label: str
    heading: Element
    blocks: list[Element] = field(default_factory=list)


def is_whole_bold(paragraph: Markup) -> bool:
    """True when every visible character of the paragraph is inside <strong> or <b>."""
    return is_wholly_inside(paragraph, BOLD_TAGS)


def is_whole_emphasis(paragraph: Element) -> bool:
    """True when every visible character of the paragraph is inside <em> or <i>."""
    return is_wholly_inside(paragraph, EMPHASIS_TAGS)


def is_wholly_inside(paragraph: Markup, wrappers: frozenset[str]) -> bool:
    """True when the paragraph shows text and all of it sits inside one of the wrapper tags."""
    top = make_tree(paragraph)
    bold = False
    for node in top.iter():
        strings = [(node.text, node)] if is_element(node) else []
        parent = node.getparent()
        if node is not top and parent is not None:
            strings.append((node.tail, parent))
        for text, holder in strings:
            if not text or not text.strip():
                continue
            if not _has_wrapper(holder, top, wrappers):
                return False
            bold = True
    return bold


def _has_wrapper(element: Element, top: Element, wrappers: frozenset[str]) -> bool:
    """True when the element, or an ancestor of it below `top`, is one of the wrapper tags."""
    node: Element | None = element
    while node is not None and node is not top:
        if node.tag in wrappers:
            return True
        node = node.getparent()
    return False


def is_heading(block: Element) -> bool:
    """True for h2-h6 and for paragraphs whose whole text is bold, when they show text."""
    if block.tag in selectors.HEADINGS or (block.tag == "p" and is_whole_bold(block)):
        return bool(element_text(block)) and not is_disclaimer(block)
    return False


def is_disclaimer(block: Element) -> bool:
    """True for the DISCLAIMER paragraph that closes a post."""
    return DISCLAIMER_RE.match(element_text(block)) is not None


def _has_block_children(tag: Element) -> bool:
    """True when a container holds paragraphs, headings, lists or other containers."""
    block_names = CONTAINER_TAGS | LIST_TAGS | PARAGRAPH_TAGS | set(selectors.HEADINGS)
    return any(child.tag in block_names for child in tag)


def body_blocks(body: Element) -> list[Element]:
    """The body's paragraphs, headings, lists and figures in order, looking inside wrapper divs."""
    blocks: list[Element] = []
    stack = [child for child in reversed(body) if is_element(child)]
    while stack:
        tag = stack.pop()
        if is_noise(tag):
            continue
        if tag.tag in CONTAINER_TAGS and _has_block_children(tag):
            stack.extend(child for child in reversed(tag) if is_element(child))
        else:
            blocks.append(tag)
    return blocks


def split_sections(blocks: list[Element]) -> list[Section]:
    """Sections from headings (or bold paragraphs) to the next heading or disclaimer."""
    sections: list[Section] = []
    current: Section | None = None
    for block in blocks:
        if is_heading(block):
            current = Section(element_text(block), block)
            sections.append(current)
        elif is_disclaimer(block):
            current = None
        elif current is not None:
            current.blocks.append(block)
    return sections


def _images(tags: list[Element]) -> list[Element]:
    """Every <img> in the tags, in order."""
    found: list[Element] = []
    for tag in tags:
        if tag.tag == "img":
            found.append(tag)
        found.extend(select(tag, selectors.IMAGES))
    return found


def _list_items(section: Section) -> list[str]:
    """The texts of the section's list items."""
    items: list[str] = []
    for block in section.blocks:
        if block.tag in LIST_TAGS:
            texts = (element_text(item) for item in block.iterchildren("li"))
            items.extend(text for text in texts if text)
    return items


def _prefixed_steps(section: Section) -> list[str]:
    """Texts of "Step N:" paragraphs, without the prefix."""
    texts = (element_text(block) for block in section.blocks if block.tag in PARAGRAPH_TAGS)
    return [STEP_PREFIX_RE.sub("", text, count=1) for text in texts if STEP_PREFIX_RE.match(text)]


def _paragraph_steps(section: Section) -> list[str]:
    """Texts of the paragraphs after the section's first image, through the first all-italic one."""
    paragraphs = [block for block in section.blocks if block.tag in PARAGRAPH_TAGS]
    first_image = next((index for index, block in enumerate(paragraphs) if _images([block])), None)
    texts: list[str] = []
    for block in paragraphs[first_image + 1 :] if first_image is not None else paragraphs:
        text = element_text(block)
        if text:
            texts.append(text)
        if text and is_whole_emphasis(block):
            break
    return texts


def _name(label: str, level_format: bool, numbered_name: str | None, alt: str | None, post_title: str) -> str:
    """The exercise's name from the label, the post title or the image alt."""
    if numbered_name:
        return numbered_name
    if not level_format:
        return label
    progression = PROGRESSION_TITLE_RE.match(post_title)
    if progression is not None:
        return progression["name"].strip(NAME_TRIM)
    from_alt = collapse_whitespace(LEVEL_IN_TEXT_RE.sub(" ", alt or "")).strip(NAME_TRIM)
    return from_alt or post_title or label


def section_exercise(section: Section, position: int, page_url: str, post_title: str) -> Exercise | None:
    """The exercise a section shows, or None when it is not one (e.g. "The Basics")."""
    level = LEVEL_LABEL_RE.match(section.label)
    numbered = NUMBERED_LABEL_RE.match(section.label)
    images = _images([section.heading, *section.blocks])
    list_items = _list_items(section)
    prefixed = _prefixed_steps(section)
    labelled = level is not None or numbered is not None
    if not labelled and not (images and (list_items or prefixed)):
        return None
    texts = list_items or prefixed or _paragraph_steps(section)
    image = images[0] if images else None
    src = attr(image, "src") or attr(image, "data-src")
    raw_alt = attr(image, "alt")
    alt = collapse_whitespace(raw_alt) if raw_alt is not None else None
    steps = tuple(ExerciseStep(number, text, *parse_step(text)) for number, text in enumerate(texts, start=1))
    return Exercise(
        position=position,
        name=_name(section.label, level is not None, numbered["name"] if numbered else None, alt, post_title),
        level=int(level["number"]) if level else None,
        label=section.label,
        image_url=canonical_url(src, page_url) if src else None,
        image_alt=alt,
        steps=steps,
    )


def parse_exercises(soup: Markup, page_url: str, post_title: str) -> list[Exercise]:
    """Every exercise in the post body, in order, positions from 1."""
    body, _ = find_body(make_tree(soup))
    return exercises_in(body, page_url, post_title)


def exercises_in(body: list[Element], page_url: str, post_title: str) -> list[Exercise]:
    """Every exercise in the post body's elements, in order, positions from 1."""
    blocks = [block for element in body for block in body_blocks(element)]
    exercises: list[Exercise] = []
    for section in split_sections(blocks):
        exercise = section_exercise(section, len(exercises) + 1, page_url, collapse_whitespace(post_title))
        if exercise is not None:
            exercises.append(exercise)
    return exercises

