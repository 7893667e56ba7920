"""The replica's content: posts, pages and the blocks a post body is written in."""

from __future__ import annotations

import enum
import html
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

UPLOADS = "/wp-content/uploads/"

_ENTITIES = {"’": "&#8217;", "‘": "&#8216;", "“": "&#8220;", "”": "&#8221;", "–": "&#8211;"}


def wp_text(text: str) -> str:
    """Plain text as WordPress prints it: HTML-escaped, typographic characters as entities."""
    escaped = html.escape(text, quote=False)
    for character, entity in _ENTITIES.items():
        escaped = escaped.replace(character, entity)
    return escaped


def slugify(title: str) -> str:
    """A WordPress-style slug: lower-case words joined by hyphens, punctuation dropped."""
    words = re.sub(r"['’]", "", title.lower())
    return re.sub(r"[^a-z0-9]+", "-", words).strip("-")


@dataclass(frozen=True, slots=True)
class Term:
    """A category or tag."""

    name: str
    slug: str


@dataclass(frozen=True, slots=True)
class Author:
    """A post author as WordPress names them."""

    name: str
    slug: str


@dataclass(frozen=True, slots=True)
class Photo:
    """An uploaded image; `alt` None means the img tag has no alt attribute at all."""

    file: str  # under /wp-content/uploads/, e.g. "2019/05/clamshell-level-1.jpg"
    alt: str | None

    def path(self, size: str | None = None) -> str:
        """The site path of the original, or of a resized copy such as "300x200"."""
        if size is None:
            return UPLOADS + self.file
        stem, dot, extension = self.file.rpartition(".")
        return f"{UPLOADS}{stem}-{size}{dot}{extension}"

    @property
    def attachment_id(self) -> int:
        """A stable media-library id for the theme's `wp-image-N` classes."""
        return 1000 + zlib.crc32(self.file.encode()) % 9000


@dataclass(frozen=True, slots=True)
class Step:
    """One instruction, with the values a reader takes from it written out explicitly."""

    text: str
    hold: tuple[int, int] | None = None  # seconds: "Hold for 5-10 seconds." -> (5, 10)
    reps: int | None = None
    sets: int | None = None
    per_side: bool = False
    padded: bool = False  # rendered after an &nbsp;, as the editor sometimes leaves it
    rest: int | None = None  # seconds: "rest 30 seconds between sets" -> 30
    tempo: str | None = None  # "3 seconds down" -> "3 s down", "over three counts" -> "3 counts down"


@dataclass(frozen=True, slots=True)
class Attributes:
    """What a post states of an exercise, for researchers; None where the post says nothing."""

    kind: str | None = None
    equipment: tuple[str, ...] | None = None
    position: str | None = None
    muscles: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Exercise:
    """One exercise variation: a level of a progression, a numbered exercise or a stretch."""

    name: str
    photo: Photo | None
    steps: tuple[Step, ...]
    family: str | None = None  # the movement a reader groups it under: "bridge" for "Bridge March"
    label: str | None = None  # the heading as shown, when it frames the name: "Core Control: Dead Bug"
    attributes: Attributes | None = None  # None: the ground truth does not record them for this exercise


class Style(enum.Enum):
    """The ways the blog's authors lay out exercises."""

    LEVELS_WITH_IMAGES = "levels-with-images"
    BOLD_LEVEL_PARAGRAPHS = "bold-level-paragraphs"
    BOLD_STEP_PARAGRAPHS = "bold-step-paragraphs"
    NUMBERED_EXERCISES = "numbered-exercises"
    STRETCHES = "stretches"
    NESTED_LISTS = "nested-lists"  # a list of exercises, each item holding its list of steps
    TOGGLES = "toggles"  # Enfold toggles titled "Level N", the steps inside each toggle
    TABLE_ROWS = "table-rows"  # one table row per exercise: its name, then its steps one per line
    LABELLED_STEPS = "labelled-steps"  # an h4 per exercise, steps as paragraphs after bold labels worded variously
    VARIATION_HEADINGS = "variation-headings"  # h5 "Variation N" and lists whose items are never closed
    FRAMED_HEADINGS = "framed-headings"  # an h2 that frames the name ("Core Control: Dead Bug"), then an ol of steps
    PARENT_LEVELS = "parent-levels"  # an h3 naming the movement once, then an h4 "Level N" per level
    CAPTIONED_FIGURES = "captioned-figures"  # a figure whose caption names the exercise, then its steps
    BROKEN_MARKUP = "broken-markup"  # "Level N" in a <strong> never closed, </p> and </li> omitted, a stray </span>

    @property
    def has_levels(self) -> bool:
        """Whether each exercise is shown as "Level N" (or "Variation N") of one progression."""
        return self in (
            Style.LEVELS_WITH_IMAGES,
            Style.BOLD_LEVEL_PARAGRAPHS,
            Style.TOGGLES,
            Style.VARIATION_HEADINGS,
            Style.PARENT_LEVELS,
            Style.BROKEN_MARKUP,
        )


@dataclass(frozen=True, slots=True)
class ExerciseSet:
    """Consecutive exercises laid out in one style."""

    style: Style
    exercises: tuple[Exercise, ...]

    def label(self, position: int) -> str:
        """The heading shown for the exercise at a 1-based position."""
        exercise = self.exercises[position - 1]
        name = exercise.name
        if exercise.label is not None:
            return exercise.label
        if self.style is Style.VARIATION_HEADINGS:
            return f"Variation {position}"
        if self.style.has_levels:
            return f"Level {position}"
        if self.style is Style.NUMBERED_EXERCISES:
            return f"Exercise {position}: {name}"
        if self.style is Style.STRETCHES:
            return f"Stretch #{position}: {name}"
        return name

    def level(self, position: int) -> int | None:
        """The level number at a 1-based position, for styles that have levels."""
        return position if self.style.has_levels else None


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph of inline HTML as authored in the editor, optionally ending with a floated image."""

    html: str
    photo: Photo | None = None


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading."""

    text: str
    level: int = 2


@dataclass(frozen=True, slots=True)
class Bullets:
    """A bulleted list of plain-text items."""

    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Figure:
    """An image in its own paragraph."""

    photo: Photo


Block = Para | Heading | Bullets | Figure | ExerciseSet


def photos_in(blocks: tuple[Block, ...]) -> Iterator[Photo]:
    """Every image in a body, in page order."""
    for block in blocks:
        if isinstance(block, (Para, Figure)) and block.photo:
            yield block.photo
        elif isinstance(block, ExerciseSet):
            yield from (exercise.photo for exercise in block.exercises if exercise.photo)


def para(text: str) -> Para:
    """A paragraph of plain text."""
    return Para(wp_text(text))


@dataclass(frozen=True, slots=True)
class Post:
    """A published blog post."""

    wp_id: int
    slug: str
    title: str
    published: datetime  # aware, Denver time
    modified: datetime
    author: Author
    categories: tuple[Term, ...]
    tags: tuple[Term, ...]
    featured: Photo | None
    body: tuple[Block, ...]
    related: tuple[str, ...]  # slugs of the posts in the "You might also like" block

    @property
    def path(self) -> str:
        """The permalink path: /YYYY/MM/DD/slug/."""
        return f"/{self.published:%Y/%m/%d}/{self.slug}/"

    @property
    def month(self) -> tuple[int, int]:
        """The (year, month) whose archive lists the post."""
        return self.published.year, self.published.month

    @property
    def exercise_sets(self) -> tuple[ExerciseSet, ...]:
        """The body's exercise blocks, in order."""
        return tuple(block for block in self.body if isinstance(block, ExerciseSet))


@dataclass(frozen=True, slots=True)
class Page:
    """A WordPress page such as About; slug "" is the home page."""

    wp_id: int
    slug: str
    title: str
    paragraphs: tuple[str, ...]

    @property
    def path(self) -> str:
        """The page's path."""
        return f"/{self.slug}/" if self.slug else "/"
