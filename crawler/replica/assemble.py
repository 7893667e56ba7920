"""Turns catalogue entries into posts: slugs, ids, featured images, related blocks and revisions."""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from crawler.replica.dates import parse_day
from crawler.replica.model import Author, Block, Photo, Post, Term, photos_in, slugify
from crawler.replica.terms import TEAM

MAX_RELATED = 4


@dataclass(frozen=True, slots=True)
class Entry:
    """One post as written in a catalogue, before ids and related posts are assigned."""

    day: str  # "2019-05-15"
    title: str
    categories: tuple[Term, ...]
    tags: tuple[Term, ...]
    featured: str | None  # alt text of the featured image; None when the post has none
    body: tuple[Block, ...]
    author: Author = TEAM
    related: tuple[str, ...] | None = None  # slugs; None lets the site choose
    slug: str = ""  # "" derives it from the title
    hour: int = 10

    @property
    def permalink_slug(self) -> str:
        """The slug the post is published under."""
        return self.slug or slugify(self.title)


@dataclass(frozen=True, slots=True)
class Revision:
    """What the authors changed between two crawls: edits, a retitle, renames, removals, additions."""

    when: datetime
    edits: Mapping[str, tuple[Block, ...]] = field(default_factory=dict)  # slug -> new body
    retitles: Mapping[str, str] = field(default_factory=dict)  # slug -> new title
    removals: tuple[str, ...] = ()
    additions: tuple[Entry, ...] = ()
    renames: Mapping[str, str] = field(default_factory=dict)  # old slug -> new slug; the old address answers 301
    unlisted: tuple[Entry, ...] = ()  # published, but no page, feed or sitemap links them: only the REST API lists them


@dataclass(frozen=True, slots=True)
class Catalogue:
    """A site as written: its posts, the one deleted post still linked, and next week's revision."""

    entries: tuple[Entry, ...]
    ghost: Entry
    revision: Revision


@dataclass(frozen=True, slots=True)
class Changes:
    """Post paths a revision added, changed (retitles included), retitled, removed and moved."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    retitled: tuple[str, ...]
    removed: tuple[str, ...]
    moved: tuple[tuple[str, str], ...] = ()  # (old path, new path) of each renamed post


def _post(entry: Entry, wp_id: int) -> Post:
    """The post an entry describes, with its related block still empty."""
    published = parse_day(entry.day, entry.hour)
    slug = entry.permalink_slug
    featured = None
    if entry.featured is not None:
        featured = Photo(f"{published:%Y/%m}/{slug}.jpg", entry.featured)
    return Post(
        wp_id=wp_id,
        slug=slug,
        title=entry.title,
        published=published,
        modified=published,
        author=entry.author,
        categories=entry.categories,
        tags=entry.tags,
        featured=featured,
        body=entry.body,
        related=entry.related or (),
    )


def number(entries: Sequence[Entry], first_id: int) -> list[Post]:
    """Posts for entries in publication order, with ids that leave room for their uploads."""
    posts = []
    next_id = first_id
    for entry in sorted(entries, key=lambda entry: (entry.day, entry.hour)):
        next_id += len(list(photos_in(entry.body))) + (entry.featured is not None)  # uploads take ids too
        posts.append(_post(entry, next_id))
        next_id += 1
    return posts


def related_count(slug: str) -> int:
    """How many related posts the theme shows for a post: 0 to 4, fixed per slug."""
    return zlib.crc32(slug.encode()) % (MAX_RELATED + 1)


def _neighbours(group: Sequence[Post], index: int, never: set[str]) -> tuple[str, ...]:
    """Slugs of the posts nearest in time to group[index], alternating older and newer."""
    wanted = related_count(group[index].slug)
    picks: list[str] = []
    for distance in range(1, len(group)):
        for neighbour in (index - distance, index + distance):
            if len(picks) < wanted and 0 <= neighbour < len(group) and group[neighbour].slug not in never:
                picks.append(group[neighbour].slug)
        if len(picks) == wanted or distance > 2 * MAX_RELATED:
            break
    return tuple(picks)


def choose_related(posts: Sequence[Post], automatic: set[str], never: set[str]) -> list[Post]:
    """Fill the related blocks of the `automatic` posts with neighbours from the same category."""
    groups: dict[str, list[Post]] = {}
    for post in posts:
        groups.setdefault(post.categories[0].slug if post.categories else "", []).append(post)
    chosen = {
        post.slug: _neighbours(group, index, never)
        for group in groups.values()
        for index, post in enumerate(group)
        if post.slug in automatic
    }
    return [dataclasses.replace(post, related=chosen[post.slug]) if post.slug in chosen else post for post in posts]


def assemble(entries: Sequence[Entry], first_id: int, never_related: set[str]) -> list[Post]:
    """Numbered posts with every related block filled in, oldest first."""
    automatic = {entry.permalink_slug for entry in entries if entry.related is None}
    return choose_related(number(entries, first_id), automatic, never_related)


def _renamed(post: Post, renames: Mapping[str, str], when: datetime) -> Post:
    """The post under its new slug (WordPress dates the edit), its related block following renamed posts too."""
    related = tuple(renames.get(slug, slug) for slug in post.related)
    if post.slug not in renames:
        return dataclasses.replace(post, related=related) if related != post.related else post
    return dataclasses.replace(post, slug=renames[post.slug], related=related, modified=when)


def revise(posts: Sequence[Post], revision: Revision, first_id: int) -> tuple[list[Post], Changes]:
    """The posts after a revision (oldest first), and which post paths it touched."""
    removed = [post for post in posts if post.slug in revision.removals]
    old_paths = {post.slug: post.path for post in posts if post.slug in revision.renames}
    kept = []
    for post in posts:
        if post.slug in revision.removals:
            continue
        if post.slug in revision.edits:
            post = dataclasses.replace(post, body=revision.edits[post.slug], modified=revision.when)
        if post.slug in revision.retitles:
            post = dataclasses.replace(post, title=revision.retitles[post.slug], modified=revision.when)
        kept.append(_renamed(post, revision.renames, revision.when))
    added = number(revision.additions, first_id)
    newcomers = {post.slug for post in added}
    everything = sorted(kept + added, key=lambda post: post.published)
    everything = choose_related(everything, newcomers, set(revision.removals))
    touched = set(revision.edits) | set(revision.retitles)
    new_paths = {post.slug: post.path for post in everything}
    changes = Changes(
        added=tuple(post.path for post in everything if post.slug in newcomers),
        changed=tuple(post.path for post in everything if post.slug in touched),
        retitled=tuple(post.path for post in everything if post.slug in revision.retitles),
        removed=tuple(post.path for post in removed),
        moved=tuple((old_paths[old], new_paths[new]) for old, new in revision.renames.items()),
    )
    return everything, changes
