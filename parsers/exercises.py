"""Exercises shown in a post body: sections that start at a heading (or a label), with an image and steps."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from parsers import selectors
from parsers.dose import Dose, combine, is_shared_dose, parse_dose
from parsers.exercise_attributes import MUSCLE_WORDS_RE, read_attributes
from parsers.exercise_names import (
    family_of,
    name_from_alt,
    name_from_label,
    name_from_sentence,
    name_from_title,
    name_key,
)
from parsers.models import Exercise, ExerciseStep
from parsers.soup import Element, Markup, attr, classes, is_element, make_tree, select
from parsers.text import collapse_whitespace, element_text, is_noise
from parsers.urls import canonical_url

# "Level 1", "Variation 2", "Phase 3", "Stage #4"
LEVEL_LABEL_RE = re.compile(r"^(?:level|variation|phase|stage)\s*#?\s*(?P<number>\d+)\b", re.IGNORECASE)
# A difficulty tier over the exercises after it: "Level – Beginner", "Intermediate:", "Advanced Level"
LEVEL_TIER_RE = re.compile(
    r"^(?:(?:level|difficulty)\s*[:\-–—]?\s*)?(?P<tier>beginners?|intermediate|advanced)(?:\s+(?:level|exercises|moves))?"
    r"\s*:?$",
    re.IGNORECASE,
)
TIER_LEVELS = {"beginner": 1, "beginners": 1, "intermediate": 2, "advanced": 3}
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
# A paragraph numbered in plain text: "1. Lie on your back.", "2) Lift the hips."
NUMBERED_PARAGRAPH_RE = re.compile(r"^(?P<number>\d{1,2})\s*[.)]\s+")
# "10 reps", "12 repetitions", "repeat 10 times", "repeat this 5 times", "x10", "Repeat 10x"
EXERCISE_REPS_RE = re.compile(
    r"\b\d+\s*(?:reps?|repetitions?)\b|\brepeat\b[^.;!?\d]{0,20}\d+\s*(?:times\b|x(?!\w))|(?:^|[\s(,])[x×]\s?\d+\b",
    re.IGNORECASE,
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
# The body in an instruction: "your knees", "your left hand", "on all fours", "hip-width apart"
BODY_WORDS_RE = re.compile(
    r"\byour\s+(?:(?:left|right|other|opposite|upper|lower|top|bottom|front|back|standing|free|whole|entire)\s+)?"
    r"(?:arms?|legs?|knees?|hips?|elbows?|wrists?|palms?|hands?|fingers?|shoulders?|feet|foot|heels?|toes?|ankles?"
    r"|spine|back|chest|head|neck|chin|core|glutes?|belly|stomach|torso|body|thighs?|calf|calves|pelvis|tailbone"
    r"|shoulder blades?|forearms?|abs|buttocks|muscles?|gaze|eyes)\b"
    r"|\b(?:hands and knees|all fours|table[\s-]?top position|plank position|hip[\s-]width|shoulder[\s-]width"
    r"|(?:lie|lying|laying) (?:down|on|face)|kneel(?:ing)?|on one side|one leg|one foot)\b",
    re.IGNORECASE,
)
# Verbs instructions open with (after "now", "then", "slowly"...): "Lie on your back", "Lower slowly"
INSTRUCTION_RE = re.compile(
    r"^(?:(?:now|then|next|slowly|gently|carefully|finally|also|and|first|again)\s+)*(?:do\s+not\s+|don[’']t\s+)?"
    r"(?:lie|lay|sit|stand|kneel|start|begin|place|put|bend|lift|raise|lower|hold|keep|extend|straighten|press|push"
    r"|pull|step|reach|bring|turn|rotate|tilt|spread|line|engage|tighten|squeeze|contract|rest|slide|lean|cross"
    r"|clasp|roll|drop|inhale|exhale|breathe|get|repeat|return|move|transfer|test|swing|draw|tuck|walk|jump|hop"
    r"|balance|shift|flip|perform|do|switch|alternate|follow|pause|use|grab|grip|face|rise|squat|lunge|relax|let"
    r"|open|close|arch|round|brace|point|flex|curl|stretch|twist|sink|tense|stay|continue|complete|wrap|loop|anchor"
    r"|tie|take|find|allow|end|option|try)\b",
    re.IGNORECASE,
)
# Opening clauses before an instruction: "If holding a plank is difficult, lower ...", "Resting on your forearms, lie"
CLAUSE_SPLIT_RE = re.compile(r"[.;!?:]\s+|,\s+|\s+[-–—]\s+|\s+and\s+|\s+then\s+")
# Headings that are about the exercises, not one of them: "Tips Before You Start", "Benefits of ...", "Why ..."
NOT_EXERCISE_LABEL_RE = re.compile(
    r"\b(?:tips?|benefits?|why|mistakes?|precautions?|safety|faqs?|questions?|conclusion|takeaway|final thoughts"
    r"|summary|overview|introduction|causes?|symptoms?|treatments?|factors?|comfort measures|overall form"
    r"|building strength|routine|how often|when to|what (?:is|are|to)|who|for a better|ingredients|method"
    r"|directions|instructions for use|related|references|about|basics|starting position|getting started"
    r"|before you (?:start|begin))\b",
    re.IGNORECASE,
)
# Bold paragraphs that frame a section's steps rather than start a section: "How to Do It:", "Instructions:"
FRAMING_LABEL_RE = re.compile(
    r"^(?:how to (?:do|perform) (?:it|this|them)|how to do|instructions?|steps?|directions|technique|procedure"
    r"|what to do|method|to do)\s*:?$",
    re.IGNORECASE,
)
# Bold labels of a section's notes, never steps: "Targets:", "Benefits:", "Muscles worked:", "Tip:"
NOTE_LABEL_RE = re.compile(
    r"^(?:targets?|benefits?|muscles?(?: worked)?|tips?|notes?|cues?|equipment|why it works|modifications?)\s*:?$",
    re.IGNORECASE,
)
# "Level 1" inside an image alt such as "Clamshell Level 1"
LEVEL_IN_TEXT_RE = re.compile(r"\b(?:level|variation|phase|stage)\s*#?\s*\d+\b", re.IGNORECASE)
SENTENCE_RE = re.compile(r"(?<=[.!?])\s+")
# Prose about the exercises that follow: "These three gentle stretches", "this exercise strengthens"
ABOUT_THE_EXERCISES_RE = re.compile(
    r"\b(?:these|this|the following|each|every)\b[^.!?]{0,30}\b(?:exercises?|stretch(?:es)?|moves?|poses?|drills?)\b",
    re.IGNORECASE,
)
# "The starting position is the same for all levels. Start in side-lying ..."
STARTING_POSITION_RE = re.compile(r"\b(?:start(?:ing)? (?:in|on|position|from)|begin (?:in|on|by))\b", re.IGNORECASE)

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
HEADING_LIST_MAX_ITEMS = 3  # a list of at most this many short names, each followed by its paragraph
HEADING_ITEM_MAX_WORDS = 6
PARAGRAPH_STEP_MIN_WORDS = 12
IMAGE_ATTRIBUTES = ("data-src", "data-lazy-src", "data-orig-file", "src")


@dataclass
class Section:
    """A heading and the blocks that follow it, up to the next heading or disclaimer."""

    label: str
    heading: Element
    blocks: list[Element] = field(default_factory=list)


@dataclass
class Found:
    """An exercise a section shows, before it is numbered and named in the post's context."""

    label: str
    name: str | None
    level: int | None
    image: Element | None
    texts: list[str]
    notes: list[str]


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


def is_caption_heading(block: Element) -> bool:
    """True for a captioned picture whose short caption names what follows ("Bird Dog" under its photo)."""
    if block.tag != "figure" and "wp-caption" not in classes(block):
        return False
    caption = _caption_text(block)
    if not caption or not _images([block]):
        return False
    return len(caption.split()) <= HEADING_ITEM_MAX_WORDS and not caption.endswith((".", "!", "?"))


def _caption_text(block: Element) -> str:
    """The text of a figure's caption, or ""."""
    captions = [child for child in block.iter() if child.tag == "figcaption" or "wp-caption-text" in classes(child)]
    return element_text(captions[0]) if captions else ""


def is_heading(block: Element) -> bool:
    """True for headings of any level, toggle, accordion and tab titles, picture captions that name an exercise,
    and wholly bold paragraphs with text.

    A bold paragraph that frames the steps ("How to Do It:") or states a dose ("Repeat on both sides.") is not one.
    """
    if is_caption_heading(block):
        return True
    titled = block.tag in HEADING_TAGS or bool(set(classes(block)) & selectors.TOGGLE_TITLE_CLASSES)
    if titled or (block.tag == "p" and is_whole_bold(block)):
        text = element_text(block)
        if not text or is_disclaimer(block):
            return False
        return titled or not (FRAMING_LABEL_RE.match(text) or _is_dose_sentence(text))
    return False


def _is_dose_sentence(text: str) -> bool:
    """True for a short sentence that only states a dose or side: "Repeat on both sides.", "Hold 30 seconds."."""
    return text.rstrip().endswith((".", "!")) and len(text.split()) <= 10 and not parse_dose(text).is_empty()


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
        carried = tag.tag in CONTAINER_TAGS or tag.tag in CARRIED_INLINE_TAGS
        if carried and _has_block_children(tag) and not is_caption_heading(tag):
            stack.extend(child for child in reversed(tag) if is_element(child))
        else:
            blocks.append(tag)
    return blocks


def split_sections(blocks: list[Element]) -> list[Section]:
    """Sections from headings (or bold paragraphs, or short lists of names) to the next heading or disclaimer."""
    sections: list[Section] = []
    current: Section | None = None
    for index, block in enumerate(blocks):
        inner = _list_sections(block) or _table_sections(block) or _heading_list_sections(block, blocks[index + 1 :])
        if inner:
            sections.extend(inner)
            current = inner[-1] if not inner[-1].blocks and inner[-1].heading.tag == "li" else None
        elif is_caption_heading(block):
            current = Section(_caption_text(block), block)
            sections.append(current)
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


def _heading_list_sections(block: Element, after: list[Element]) -> list[Section]:
    """A short list of names, each a heading, whose last name's instructions are the paragraphs after the list.

    Some editors number exercises as one-item lists between their paragraphs ("1. Knee Planks", then a paragraph).
    """
    if block.tag not in LIST_TAGS or not after or after[0].tag != "p" or is_heading(after[0]):
        return []
    items = list(block.iterchildren("li"))
    texts = [_own_text(item) for item in items]
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


def _image_src(image: Element | None) -> str | None:
    """The picture's address: a lazy-loading attribute before a placeholder `src` such as a data: URI."""
    for name in IMAGE_ATTRIBUTES:
        value = attr(image, name)
        if value and not value.startswith("data:"):
            return value
    return None


def _is_image_only(block: Element) -> bool:
    """True for a paragraph or figure that shows a picture and no text."""
    return bool(_images([block])) and not element_text(block)


def _list_steps(section: Section) -> list[str]:
    """The texts of the section's list items, and the dose sentences right after the last list."""
    items: list[str] = []
    last_list = max((index for index, block in enumerate(section.blocks) if block.tag in LIST_TAGS), default=None)
    for block in section.blocks:
        if block.tag in LIST_TAGS:
            texts = (element_text(item) for item in block.iterchildren("li"))
            items.extend(text for text in texts if text)
    if last_list is not None:
        for block in section.blocks[last_list + 1 :]:
            text = element_text(block)
            if block.tag != "p" or not _is_dose_sentence(text):
                break
            items.append(text)
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


def _numbered_paragraphs(section: Section) -> list[str]:
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


def _bold_label(paragraph: Element) -> str:
    """The text of the <strong> or <b> a paragraph opens with, or ""."""
    first = next((child for child in paragraph if is_element(child)), None)
    if first is None or first.tag not in BOLD_TAGS or (paragraph.text or "").strip():
        return ""
    return element_text(first)


def _notes(section: Section) -> list[str]:
    """Paragraphs that open with a note label ("Targets: Spine, shoulders"): the exercise's words, never steps."""
    return [
        element_text(block)
        for block in section.blocks
        if block.tag == "p" and NOTE_LABEL_RE.match(_bold_label(block).strip(NAME_TRIM + " "))
    ]


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


def instruction_count(text: str) -> int:
    """How many clauses of a text are instructions ("Lie on your back", "then lift the hips")."""
    return sum(1 for clause in CLAUSE_SPLIT_RE.split(text) if INSTRUCTION_RE.match(clause.strip(" ‘’“”\"'(")))


def is_instruction(text: str) -> bool:
    """True when a text tells the reader to do something with their body ("Bend your elbow at a right angle")."""
    return instruction_count(text) > 0 and (BODY_WORDS_RE.search(text) is not None or not parse_dose(text).is_empty())


def _instruction_paragraphs(section: Section) -> list[str]:
    """Paragraphs of instructions for the body, after the section's first picture when it has one."""
    paragraphs = [block for block in section.blocks if block.tag in PARAGRAPH_TAGS and not _bold_label(block)]
    first_image = next((index for index, block in enumerate(paragraphs) if _images([block])), None)
    texts: list[str] = []
    for block in paragraphs[first_image + 1 :] if first_image is not None else paragraphs:
        text = element_text(block)
        if not text:
            continue
        if instruction_count(text) >= 2 and BODY_WORDS_RE.search(text):
            texts.append(text)
        elif texts:
            break
    return texts


def is_dosed(text: str) -> bool:
    """True when an instruction states an exercise's dose: a hold, sets, or repetitions ("10 reps", "repeat 10 times").

    "Each side" or "3 times" alone are not enough: recipes and how-tos say them too ("cook 3 minutes each side").
    """
    dose = parse_dose(text)
    return dose.hold_seconds_min is not None or dose.sets is not None or EXERCISE_REPS_RE.search(text) is not None


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


def is_about_exercises(label: str) -> bool:
    """True for a heading about exercises rather than naming one ("Tips Before You Start", "Why Stretch?")."""
    return NOT_EXERCISE_LABEL_RE.search(label) is not None or label.rstrip().endswith("?")


def _has_instructions(texts: list[str]) -> bool:
    """True when at least half of the steps are instructions and one of them names the body or a dose."""
    told = sum(1 for text in texts if instruction_count(text) or is_dosed(text))
    bodily = any(BODY_WORDS_RE.search(text) for text in texts)
    return bodily and told >= min(2, len(texts)) and 2 * told >= len(texts)


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
            if _has_instructions(steps):
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
    images = _images([section.heading, *section.blocks])
    list_items = _list_steps(section)
    prefixed = _prefixed_steps(section) or _numbered_paragraphs(section)
    cells = [line for block in section.blocks if block.tag in ("td", "th") for line in _lines(block)]
    structured = list_items or prefixed or cells
    labelled = numbered is not None or (level is not None and is_progression_step)
    alts = [alt for image in images if (alt := attr(image, "alt"))]
    worded = bool(images) and has_exercise_words([section.label, *structured, *alts])
    about = is_about_exercises(section.label)
    if labelled:
        texts = structured or _paragraph_steps(section)
    elif about:
        return None
    elif structured:
        dosed = worded or any(is_dosed(text) for text in structured)
        if not (dosed or _has_instructions(structured)):
            return None
        texts = structured
    elif len(section.label.split()) <= HEADING_ITEM_MAX_WORDS + 2:
        texts = _instruction_paragraphs(section)
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
        notes=_notes(section),
    )


def _move_trailing_images(sections: list[Section]) -> None:
    """A picture that closes a section of prose, after its steps, shows the next section when that one has none."""
    for section, following in itertools.pairwise(sections):
        if len(section.blocks) < 2 or not _is_image_only(section.blocks[-1]) or _images([following.heading]):
            continue
        if any(_images([block]) for block in following.blocks) or _images(section.blocks[:-1]):
            continue
        if any(block.tag in LIST_TAGS for block in section.blocks):
            continue
        following.blocks.insert(0, section.blocks.pop())


def _tier(section: Section) -> int | None:
    """The level a difficulty tier heading sets ("Level – Beginner" -> 1), or None."""
    found = LEVEL_TIER_RE.match(section.label.strip())
    return TIER_LEVELS[found["tier"].lower()] if found else None


@dataclass
class PostContext:
    """What the post says around its exercises: the title, the prose before the current run, a shared dose."""

    title: str
    prose: list[str] = field(default_factory=list)  # nearest first: the text between the last run and this one
    shared: Dose | None = None

    def kind_context(self) -> list[str]:
        """Where an exercise's kind may be read when its own words do not say: the title, then prose about them."""
        about = [text for text in self.prose if ABOUT_THE_EXERCISES_RE.search(text)]
        return [self.title, *about]

    def position_context(self) -> list[str]:
        """Sentences that set every level's starting position ("The starting position is the same for all")."""
        return [text for text in self.prose if STARTING_POSITION_RE.search(text)]


def _section_text(section: Section) -> list[str]:
    """The section's heading and paragraph texts."""
    return [section.label, *(text for block in section.blocks if (text := element_text(block)))]


def _shared_dose(texts: list[str]) -> Dose | None:
    """The dose a sentence sets for every exercise after it, or None."""
    for text in texts:
        for sentence in SENTENCE_RE.split(text):
            if is_shared_dose(sentence):
                return parse_dose(sentence)
    return None


def _exercise(
    found: Found, position: int, page_url: str, context: PostContext, name: str | None, source: str | None
) -> Exercise:
    """The Exercise record for a found exercise, with its dose, family and attributes."""
    doses = [parse_dose(text) for text in found.texts]
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
    dose = combine(doses, context.shared)
    attributes = read_attributes(
        name,
        found.texts,
        [found.label, *found.notes],
        muscle_context=context.prose,
        kind_context=context.kind_context(),
        position_context=context.position_context(),
    )
    src = _image_src(found.image)
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


def _level_name(found: Found, parent: str | None, title: str) -> tuple[str | None, str | None]:
    """A "Level N" exercise's name and the words it was read from: the progression the title names, the picture's
    alt, or the heading above the levels; (None, None) when none of them names it."""
    from_title = name_from_title(title) if PROGRESSION_TITLE_RE.match(title) else None
    if from_title:
        return from_title, title
    alt = attr(found.image, "alt")
    from_alt = name_from_alt(LEVEL_IN_TEXT_RE.sub(" ", alt or ""))
    if from_alt:
        return from_alt, alt
    return parent, parent


def exercises_in(body: list[Element], page_url: str, post_title: str) -> list[Exercise]:
    """Every exercise in the post body's elements, in order, positions from 1."""
    blocks = [block for element in body for block in body_blocks(element)]
    title = collapse_whitespace(post_title)
    sections = split_sections(blocks)
    _move_trailing_images(sections)
    steps = in_progression(sections) if not names_exercise(title) else [True] * len(sections)
    first_heading = next((index for index, block in enumerate(blocks) if is_heading(block)), len(blocks))
    intro = [text for block in blocks[:first_heading] if (text := element_text(block))]
    context = PostContext(title, list(reversed(intro)), _shared_dose(intro))
    tier: int | None = None
    parent: str | None = None  # a heading that names the progression under it ("Prone T", then "Level 1")
    after_run = False
    exercises: list[Exercise] = []
    for section, is_step in zip(sections, steps, strict=True):
        found = section_exercises(section, is_step)
        if not found:
            if after_run:
                context.prose, after_run = [], False
            tier = _tier(section) or tier
            texts = _section_text(section)
            context.prose[:0] = reversed(texts)
            context.shared = _shared_dose(texts) or context.shared
            parent = _parent_name(section)
            continue
        after_run = True
        for item in found:
            if item.level is None and tier is not None:
                item.level = tier
            name, source = (item.name, item.label) if item.name is not None else _level_name(item, parent, title)
            exercises.append(_exercise(item, len(exercises) + 1, page_url, context, name, source))
    return exercises


def _parent_name(section: Section) -> str | None:
    """The movement a heading without an exercise names, for the levels under it ("Prone T"); None for prose."""
    name = name_from_label(section.label)
    if name is None or is_about_exercises(section.label) or _tier(section) is not None:
        return None
    if len(name.split()) > HEADING_ITEM_MAX_WORDS or name.lower().startswith(("the ", "a ", "an ")):
        return None
    return None if MUSCLE_WORDS_RE.search(name) else name
