"""A post body as blocks, and what a block is: a heading of any kind, a bold or italic paragraph, a picture, lines."""

from __future__ import annotations

import re

from parsers import selectors
from parsers.dose import parse_dose
from parsers.soup import Element, Markup, attr, classes, is_element, make_tree, select
from parsers.text import collapse_whitespace, element_text, is_noise

# "DISCLAIMER: The purpose of this site ..."
DISCLAIMER_RE = re.compile(r"^disclaimer\b", re.IGNORECASE)
# Bold paragraphs that frame a section's steps rather than start a section: "How to Do It:", "Instructions:"
FRAMING_LABEL_RE = re.compile(
    r"^(?:how to (?:do|perform)(?: (?:it|this|them))?|how[- ]to|instructions?|steps?|directions|technique|procedure"
    r"|what to do|method|to do)\s*:?$",
    re.IGNORECASE,
)
# Bold labels of a section's notes, never steps: "Targets:", "Benefits:", "Muscles worked:", "Tip:"
NOTE_LABEL_RE = re.compile(
    r"^(?:targets?|benefits?|purpose|muscles?(?: worked)?|tips?|notes?|cues?|equipment|why it works|modifications?)"
    r"\s*:?$",
    re.IGNORECASE,
)
# A note written in plain text, never a step: "Tips: Keep your back straight.", "Note: ..."
NOTE_PREFIX_RE = re.compile(
    r"^(?:targets?|benefits?|purpose|muscles?(?: worked)?|tips?|notes?|cues?|equipment|why it works|modifications?)"
    r"\s*:\s",
    re.IGNORECASE,
)
CONTAINER_TAGS = frozenset({"div", "section", "article", "main", "details"})
# A quote that holds paragraphs and figures (a level's cues and picture): its blocks are the section's
QUOTE_TAGS = frozenset({"blockquote"})
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
HEADING_ITEM_MAX_WORDS = 6
# A caption that says who made the picture, not what it shows: "Credit: Shot by NHS Choices", "Photo by ...", "©"
CREDIT_CAPTION_RE = re.compile(r"^(?:credits?|photo(?:graph)?s?|image|source|via)\b\s*(?:by|:)?|^©", re.IGNORECASE)
IMAGE_ATTRIBUTES = ("data-src", "data-lazy-src", "data-orig-file", "src")


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
    caption = caption_text(block)
    if not caption or not images_in([block]) or CREDIT_CAPTION_RE.match(caption):
        return False
    return len(caption.split()) <= HEADING_ITEM_MAX_WORDS and not caption.endswith((".", "!", "?"))


def caption_text(block: Element) -> str:
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
        if not titled and text.endswith((".", "!")) and len(text.split()) > 2 * HEADING_ITEM_MAX_WORDS:
            return False  # a bold sentence (a lede) is emphasis, not a label
        return titled or not (FRAMING_LABEL_RE.match(text) or is_dose_sentence(text))
    return False


def is_sub_label(block: Element) -> bool:
    """True for a heading that only frames the steps under an exercise's heading ("<h3>Instructions:</h3>")."""
    return block.tag in selectors.HEADINGS and FRAMING_LABEL_RE.match(element_text(block)) is not None


def is_dose_sentence(text: str) -> bool:
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
        carried = tag.tag in CONTAINER_TAGS or tag.tag in CARRIED_INLINE_TAGS or tag.tag in QUOTE_TAGS
        if carried and _has_block_children(tag) and not is_caption_heading(tag):
            stack.extend(child for child in reversed(tag) if is_element(child))
        else:
            blocks.append(tag)
    return blocks


def own_text(item: Element) -> str:
    """The text of a heading or list item without the lists and paragraphs nested in it."""
    return element_text(item, lambda tag: is_noise(tag) or tag.tag in SWALLOWED_TAGS)


def cell_lines(block: Element) -> list[str]:
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


def images_in(tags: list[Element]) -> list[Element]:
    """Every <img> in the tags, in order."""
    found: list[Element] = []
    for tag in tags:
        if tag.tag == "img":
            found.append(tag)
        found.extend(select(tag, selectors.IMAGES))
    return found


def image_src(image: Element | None) -> str | None:
    """The picture's address: a lazy-loading attribute before a placeholder `src` such as a data: URI."""
    for name in IMAGE_ATTRIBUTES:
        value = attr(image, name)
        if value and not value.startswith("data:"):
            return value
    return None


def is_image_only(block: Element) -> bool:
    """True for a paragraph or figure that shows a picture and no text."""
    return bool(images_in([block])) and not element_text(block)


def bold_label(paragraph: Element) -> str:
    """The text of the <strong> or <b> a paragraph opens with, or ""."""
    first = next((child for child in paragraph if is_element(child)), None)
    if first is None or first.tag not in BOLD_TAGS or (paragraph.text or "").strip():
        return ""
    return element_text(first)
