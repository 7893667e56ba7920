"""Typed records the parsers return; field names are the archive's column names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal, get_args

PageKind = Literal[
    "post",
    "archive_month",
    "blog_index",
    "category",
    "tag",
    "page",
    "feed",
    "sitemap",
    "robots",
    "asset",
    "other",
]
PAGE_KINDS: tuple[PageKind, ...] = get_args(PageKind)


class Record:
    """Base of the parsers' records: pickled as their constructor's arguments, three times as fast as a frozen
    dataclass's default field-by-field state (every parsed page crosses from a parse worker to the crawl)."""

    __slots__ = ()
    __match_args__: ClassVar[tuple[str, ...]]  # the dataclass's fields, in the constructor's order

    def __reduce__(self) -> tuple[type[Record], tuple[object, ...]]:
        return type(self), tuple(getattr(self, name) for name in self.__match_args__)


@dataclass(frozen=True, slots=True)
class ArchiveMonth(Record):
    """One month listed by the sidebar Archive widget."""

    id: str  # "2019-05"
    year: int
    month: int
    label: str  # "May 2019", as shown
    url: str
    listed_count: int | None  # None when the widget shows no count


@dataclass(frozen=True, slots=True)
class RelatedLink(Record):
    """One entry of a post's "You might also like" block."""

    position: int  # 1-based, page order
    target_url: str
    title: str
    thumbnail_url: str | None
    thumbnail_alt: str | None


@dataclass(frozen=True, slots=True)
class ExerciseStep(Record):
    """One ordered instruction of an exercise."""

    step: int  # 1-based
    text: str
    hold_seconds_min: int | None
    hold_seconds_max: int | None
    reps: int | None
    sets: int | None
    per_side: bool  # one side of the body at a time ("each leg"), never "one end in each hand"
    rest_seconds: int | None = None  # "rest 30 seconds"
    tempo: str | None = None  # "3 s down", "3-1-1"


@dataclass(frozen=True, slots=True)
class Exercise(Record):
    """One exercise variation shown in a post, e.g. "Level 2" of a progression.

    The fields after `steps` are for researchers: each is None when the post does not say, and `evidence` holds the
    post's words each was read from. The body position is `body_position`, as `position` is the order in the post.
    """

    position: int  # 1-based order in the post
    name: str | None  # "Clamshell", as the author names it; None when the post gives no name
    level: int | None
    label: str  # heading as shown, "Level 1"
    image_url: str | None
    image_alt: str | None
    steps: tuple[ExerciseStep, ...]
    family: str | None = None  # the movement, normalised: "clamshell", shared by its levels and posts
    kind: str | None = None  # stretch, strength, balance, mobility, motor control, plyometric
    equipment: tuple[str, ...] | None = None  # band, ball, dumbbell, weight, ..., or ("none",) when it needs none
    body_position: str | None = None  # standing, seated, supine, prone, side-lying, kneeling, half-kneeling, quadruped
    muscles: tuple[str, ...] | None = None  # in free-exercise-db's names: abductors, glutes, ...
    sets: int | None = None
    reps: int | None = None
    hold_seconds_min: int | None = None
    hold_seconds_max: int | None = None
    per_side: bool | None = None  # True when the post says one side at a time, else None
    rest_seconds: int | None = None
    tempo: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)  # attribute -> the words of the post it was read from


@dataclass(frozen=True, slots=True)
class Link(Record):
    """A link found on an HTML page."""

    target_url: str
    anchor_text: str
    is_internal: bool


@dataclass(frozen=True, slots=True)
class Image(Record):
    """An image inside a post body."""

    position: int  # 1-based order in the body
    src: str
    alt: str | None  # None when the attribute is absent, "" when empty


@dataclass(frozen=True, slots=True)
class Post(Record):
    """One blog post, as the archive's `posts` row plus its categories and tags."""

    url: str
    wp_id: int | None
    slug: str
    title: str
    published: str | None  # ISO 8601, with offset when the page gives one
    modified: str | None
    author: str | None
    excerpt: str | None
    body_text: str
    body_html: str
    word_count: int
    featured_image_url: str | None
    featured_image_alt: str | None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    meta_description: str | None = None  # the page's own <meta name="description">, never a fallback
    sources: dict[str, str] = field(default_factory=dict)  # field name -> where on the page it was read


@dataclass(frozen=True, slots=True)
class ParsedPage(Record):
    """Everything the parsers found on one HTML page."""

    url: str  # canonical URL of the page
    kind: PageKind
    title: str | None
    post: Post | None = None
    archive_months: tuple[ArchiveMonth, ...] = ()
    related_links: tuple[RelatedLink, ...] = ()
    exercises: tuple[Exercise, ...] = ()
    links: tuple[Link, ...] = ()
    images: tuple[Image, ...] = ()
    listed_posts: tuple[str, ...] = ()  # post URLs listed on an index, archive or category page
    pagination: tuple[str, ...] = ()  # other pages of the same listing
    url_variants: tuple[tuple[str, str], ...] = ()  # (href as written, its canonical URL) where they differ
    missing: tuple[str, ...] = field(default=())  # parts the parsers looked for and did not find
