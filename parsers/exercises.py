"""Exercises shown in a post body: sections that start at a heading, with an image and steps."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers import selectors
from parsers.models import Exercise, ExerciseStep
from parsers.soup import Element, Markup, attr, classes, is_element, make_tree, select
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
# A bold label that numbers a step: "Step 1:", "Step two –", "Step #3:", "1.", "2)", "First,", "Finally:"
STEP_LABEL_RE = re.compile(
    r"^(?:step\s*#?\s*)?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|first|second|third|fourth|fifth"
    r"|next|then|finally|last)\s*[:.)\-–—,]?$",
    re.IGNORECASE,
)
STEP_LABEL_TRIM = " :.)-–—,"
# "10 reps", "12 repetitions", "repeat 10 times", "repeat this 5 times", "x10"
EXERCISE_REPS_RE = re.compile(
    r"\b\d+\s*(?:reps?|repetitions?)\b|\brepeat\b[^.;!?\d]{0,20}\d+\s*times\b|(?:^|[\s(,])[x×]\s?\d+\b", re.IGNORECASE
)
# "DISCLAIMER: The purpose of this site ..."
DISCLAIMER_RE = re.compile(r"^disclaimer\b", re.IGNORECASE)
# "Bridge Progression", "Side Plank Levels" (the name before the progression word)
PROGRESSION_TITLE_RE = re.compile(
    r"^(?P<name>.+?)\s+(?:progressions?|levels?|series|variations?)[\s!.:]*$", re.IGNORECASE
)
# Words exercise instructions use and packing lists, recipes or directions seldom do: "exercise", muscles and joints,
# named exercises, postures ("lie on your side", "hands and knees", "hip-width apart")
EXERCISE_WORDS_RE = re.compile(
    r"\b(?:exercises?|muscles?|glutes?|hamstrings?|quadriceps|hips?|knees?|elbows?|spine|pelvis|abdominals?"
    r"|shoulder blades?|squats?|lunges?|planks?|push-?ups?|sit-?ups?|clamshells?|kneel(?:ing)?|hands and knees"
    r"|(?:lie|lying) (?:on|face)|(?:hip|shoulder)[- ]width)\b",
    re.IGNORECASE,
)
# A title that names a progression or exercise: "Wall Push-Up Progression", "Hip Strength", "Three Band Exercises"
EXERCISE_TITLE_RE = re.compile(
    r"\b(?:exercises?|stretch(?:es|ing)?|strength(?:en|ening)?|workouts?|progressions?|drills?|mobility"
    r"|rehab(?:ilitation)?)\b",
    re.IGNORECASE,
)
# "Level 1" inside an image alt such as "Clamshell Level 1"
LEVEL_IN_TEXT_RE = re.compile(r"\b(?:level|variation|phase|stage)\s*#?\s*\d+\b", re.IGNORECASE)

CONTAINER_TAGS = frozenset({"div", "section", "article", "main", "details"})
# Inline tags a browser carries over the blocks after one left open (<p><strong>Intro</p><h3>...): they may hold blocks
CARRIED_INLINE_TAGS = frozenset(
    {"a", "b", "big", "em", "font", "i", "nobr", "s", "small", "span", "strike", "strong", "tt", "u"}
)
HEADING_TAGS = frozenset({"h1", *selectors.HEADINGS, "summary"})
LIST_TAGS = frozenset({"ul", "ol"})
SWALLOWED_TAGS = LIST_TAGS | {"p", "div", "figure", "table"}
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
    """True for headings of any level, toggle, accordion and tab titles, and wholly bold paragraphs with text."""
    titled = block.tag in HEADING_TAGS or bool(set(classes(block)) & selectors.TOGGLE_TITLE_CLASSES)
    if titled or (block.tag == "p" and is_whole_bold(block)):
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
        if (tag.tag in CONTAINER_TAGS or tag.tag in CARRIED_INLINE_TAGS) and _has_block_children(tag):
            stack.extend(child for child in reversed(tag) if is_element(child))
        else:
            blocks.append(tag)
    return blocks


def split_sections(blocks: list[Element]) -> list[Section]:
    """Sections from headings (or bold paragraphs) to the next heading or disclaimer."""
    sections: list[Section] = []
    current: Section | None = None
    for block in blocks:
        inner = _list_sections(block) or _table_sections(block)
        if inner:
            sections.extend(inner)
            current = None
        elif is_heading(block):
            # A heading left open swallows the blocks after it: they are the section's, not its label.
            swallowed = [child for child in block if is_element(child) and child.tag in SWALLOWED_TAGS]
            current = Section(_own_text(block), block, swallowed)
            sections.append(current)
        elif is_disclaimer(block):
            current = None
        elif current is not None:
            current.blocks.append(block)
    return sections


def _own_text(item: Element) -> str:
    """The text of a heading or list item without the lists and paragraphs nested in it."""
    return element_text(item, lambda tag: is_noise(tag) or tag.tag in SWALLOWED_TAGS)


def _list_sections(block: Element) -> list[Section]:
    """A list of exercises, each item a name and its nested list of steps; [] for any other block."""
    if block.tag not in LIST_TAGS:
        return []
    items = list(block.iterchildren("li"))
    nested = [[child for child in item if is_element(child) and child.tag in LIST_TAGS] for item in items]
    if not items or not all(nested) or not all(_own_text(item) for item in items):
        return []
    return [Section(_item_label(item), item, lists) for item, lists in zip(items, nested, strict=True)]


def _item_label(item: Element) -> str:
    """A list item's name: the bold text it opens with ("Band Row:" as "Band Row"), else its own text."""
    bold = _bold_label(item).strip(NAME_TRIM)
    return bold or _own_text(item)


def _table_sections(block: Element) -> list[Section]:
    """A table with a row per exercise: its name in the first cell, its steps in the next; [] otherwise."""
    table = block if block.tag == "table" else next(iter(select(block, selectors.TABLES)), None)
    if table is None:
        return []
    sections = []
    for row in select(table, selectors.TABLE_ROWS):
        cells = [cell for cell in row if is_element(cell) and cell.tag in ("td", "th")]
        if len(cells) >= 2 and cells[0].tag == "td" and element_text(cells[0]):
            sections.append(Section(element_text(cells[0]), cells[0], cells[1:]))
    return sections


def _lines(block: Element) -> list[str]:
    """The lines of a block that separates them with <br>, or its paragraphs or list items."""
    parts = select(block, selectors.LINE_BLOCKS)
    if parts:
        return [text for part in parts if (text := element_text(part))]
    lines: list[str] = [block.text or ""]
    for child in block:
        if is_element(child) and child.tag == "br":
            lines.append(child.tail or "")
        else:
            lines[-1] += (element_text(child) if is_element(child) else "") + (child.tail or "")
    return [text for line in lines if (text := collapse_whitespace(line))]


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
    """Texts of paragraphs that start with a step label ("Step N:", or a bold "1.", "Step two –"), without it."""
    steps = []
    for block in section.blocks:
        if block.tag not in PARAGRAPH_TAGS:
            continue
        text = element_text(block)
        label = _bold_label(block)
        if label and STEP_LABEL_RE.match(label) and text.startswith(label) and len(text) > len(label):
            steps.append(text[len(label) :].lstrip(STEP_LABEL_TRIM))
        elif STEP_PREFIX_RE.match(text):
            steps.append(STEP_PREFIX_RE.sub("", text, count=1))
    return steps


def _bold_label(paragraph: Element) -> str:
    """The text of the <strong> or <b> a paragraph opens with, or ""."""
    first = next((child for child in paragraph if is_element(child)), None)
    if first is None or first.tag not in BOLD_TAGS or (paragraph.text or "").strip():
        return ""
    return element_text(first)


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


def is_dosed(text: str) -> bool:
    """True when an instruction states an exercise's dose: a hold, sets, or repetitions ("10 reps", "repeat 10 times").

    "Each side" or "3 times" alone are not enough: recipes and how-tos say them too ("cook 3 minutes each side").
    """
    hold_min, _, _, sets, _ = parse_step(text)
    return hold_min is not None or sets is not None or EXERCISE_REPS_RE.search(text) is not None


def has_exercise_words(texts: list[str]) -> bool:
    """True when any of the texts uses exercise words ("lie on your side", "knees", "clamshell")."""
    return any(EXERCISE_WORDS_RE.search(text) for text in texts)


def names_exercise(post_title: str) -> bool:
    """True when a post title names a progression or exercise ("Bridge Progression", "Hip Strength")."""
    return PROGRESSION_TITLE_RE.match(post_title) is not None or EXERCISE_TITLE_RE.search(post_title) is not None


def in_progression(sections: list[Section]) -> list[bool]:
    """Per section: True for a "Level N" or "Variation N" section next to another one (a progression's step)."""
    levels = [False, *(LEVEL_LABEL_RE.match(section.label) is not None for section in sections), False]
    return [levels[index] and (levels[index - 1] or levels[index + 1]) for index in range(1, len(levels) - 1)]


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


def section_exercise(
    section: Section, position: int, page_url: str, post_title: str, is_progression_step: bool = False
) -> Exercise | None:
    """The exercise a section shows, or None when it is not one (e.g. "The Basics", a packing list, a recipe).

    "Exercise 2" or "Stretch #1" labels an exercise; "Level 2" only as a step of a progression (a run of such
    sections, or a post whose title names a progression or exercise). Any other section needs steps (a list, labelled
    paragraphs or table cells) that state a dose, or an image and exercise words.
    """
    level = LEVEL_LABEL_RE.match(section.label)
    numbered = NUMBERED_LABEL_RE.match(section.label)
    images = _images([section.heading, *section.blocks])
    list_items = _list_items(section)
    prefixed = _prefixed_steps(section)
    cells = [line for block in section.blocks if block.tag in ("td", "th") for line in _lines(block)]
    structured = list_items or prefixed or cells
    labelled = numbered is not None or (level is not None and is_progression_step)
    alts = [alt for image in images if (alt := attr(image, "alt"))]
    worded = bool(images) and has_exercise_words([section.label, *structured, *alts])
    if not labelled and not (structured and (worded or any(is_dosed(text) for text in structured))):
        return None
    texts = structured or _paragraph_steps(section)
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


def exercises_in(body: list[Element], page_url: str, post_title: str) -> list[Exercise]:
    """Every exercise in the post body's elements, in order, positions from 1."""
    blocks = [block for element in body for block in body_blocks(element)]
    title = collapse_whitespace(post_title)
    sections = split_sections(blocks)
    steps = in_progression(sections) if not names_exercise(title) else [True] * len(sections)
    exercises: list[Exercise] = []
    for section, is_step in zip(sections, steps, strict=True):
        exercise = section_exercise(section, len(exercises) + 1, page_url, title, is_step)
        if exercise is not None:
            exercises.append(exercise)
    return exercises
