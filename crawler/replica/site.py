"""The replica's content model, indexed the way WordPress looks things up: `build_site()` and `Site`."""

from __future__ import annotations

import calendar
import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from crawler.replica import catalog, pictures, synthetic
from crawler.replica.assemble import Changes, assemble, number, revise
from crawler.replica.model import Page, Post, Term

if TYPE_CHECKING:
    from crawler.replica.truth import GroundTruth

PER_PAGE = 10


@dataclass(frozen=True, slots=True, order=True)
class Month:
    """A month the Archive widget lists."""

    year: int
    month: int

    @property
    def id(self) -> str:
        """The widget's id for the month, e.g. 2019-05."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """The month as the widget shows it, e.g. May 2019."""
        return f"{calendar.month_name[self.month]} {self.year}"

    @property
    def path(self) -> str:
        """The month's archive path, e.g. /2019/05/."""
        return f"/{self.year:04d}/{self.month:02d}/"


@dataclass(frozen=True, slots=True)
class Listing:
    """A paginated list of posts: the blog index, a month, a category or a tag."""

    kind: str  # "blog_index", "archive_month", "category" or "tag"
    path: str
    title: str
    body_class: str
    posts: Sequence[Post]  # newest first

    @property
    def page_count(self) -> int:
        """How many pages of PER_PAGE posts the listing has (an empty listing still has one)."""
        return max(1, -(-len(self.posts) // PER_PAGE))

    def page_path(self, number: int) -> str:
        """The path of page `number` (1-based)."""
        return self.path if number == 1 else f"{self.path}page/{number}/"

    def page(self, number: int) -> Sequence[Post]:
        """The posts on page `number`."""
        return self.posts[(number - 1) * PER_PAGE : number * PER_PAGE]


def _index(
    posts: Sequence[Post], terms_of: Callable[[Post], tuple[Term, ...]]
) -> tuple[dict[str, Term], dict[str, list[Post]]]:
    """Terms by slug and the posts filed under each, for categories or tags."""
    terms: dict[str, Term] = {}
    groups: dict[str, list[Post]] = {}
    for post in posts:
        for term in terms_of(post):
            terms.setdefault(term.slug, term)
            groups.setdefault(term.slug, []).append(post)
    return terms, groups


class Site:
    """Everything the replica serves, with the lookups its routes need."""

    def __init__(
        self,
        posts: Sequence[Post],
        gone: Sequence[Post],
        pages: Sequence[Page],
        *,
        edition: int,
        show_counts: bool,
        changes: Changes | None,
        replaced_uploads: frozenset[str] = frozenset(),
        unlisted: Sequence[Post] = (),
        rest_api: bool = True,
        post_ids: bool = True,
    ) -> None:
        self.posts = tuple(sorted(posts, key=lambda post: post.published, reverse=True))
        self.gone = tuple(gone)
        self.pages = tuple(pages)
        self.unlisted = tuple(unlisted)  # published, at their address, but listed only by the REST API
        self.edition = edition
        self.show_counts = show_counts
        self.changes = changes
        self.replaced_uploads = replaced_uploads  # uploads (files under UPLOADS) whose bytes changed in place
        self.rest_api = rest_api  # WordPress's REST API is on and announced (core's default)
        self.post_ids = post_ids  # post pages name their WordPress id (body class, article, shortlink, REST link)
        self.updated = max(post.modified for post in self.posts)
        self._position = {post.path: index for index, post in enumerate(self.posts)}
        self._unlisted = {post.path: post for post in self.unlisted}
        self._moved = dict(changes.moved) if changes else {}
        self._by_id = {post.wp_id: post for post in (*self.posts, *self.unlisted)}
        self._by_slug = {post.slug: post for post in (*self.gone, *self.posts, *self.unlisted)}
        self._gone = {post.slug for post in self.gone}
        self._pages = {page.path: page for page in self.pages}
        self._by_month: dict[Month, list[Post]] = {}
        for post in self.posts:
            self._by_month.setdefault(Month(*post.month), []).append(post)
        self.months = tuple(sorted(self._by_month, reverse=True))
        self._categories, self._by_category = _index(self.posts, lambda post: post.categories)
        self._tags, self._by_tag = _index(self.posts, lambda post: post.tags)
        self.categories = tuple(sorted(self._categories.values(), key=lambda term: term.name))
        self.tags = tuple(sorted(self._tags.values(), key=lambda term: term.name))

    def post_at(self, path: str) -> Post | None:
        """The live post (listed or not) with this permalink path."""
        index = self._position.get(path)
        return self._unlisted.get(path) if index is None else self.posts[index]

    def moved_from(self, path: str) -> str | None:
        """The current path of a post whose slug was changed from the one in `path` (WordPress's old-slug 301)."""
        return self._moved.get(path)

    def published(self) -> tuple[Post, ...]:
        """Every live post, listed or not, newest first: what the REST API lists."""
        return tuple(sorted((*self.posts, *self.unlisted), key=lambda post: post.published, reverse=True))

    def post_by_id(self, wp_id: int) -> Post | None:
        """The live post with this WordPress id, for `/?p=ID` shortlinks."""
        return self._by_id.get(wp_id)

    def post_by_slug(self, slug: str) -> Post:
        """A live or deleted post by slug, as related blocks refer to them."""
        return self._by_slug[slug]

    def is_gone(self, post: Post) -> bool:
        """Whether the post was deleted, so its URL answers 404."""
        return post.slug in self._gone

    def page_at(self, path: str) -> Page | None:
        """The WordPress page at this path."""
        return self._pages.get(path)

    def neighbours(self, post: Post) -> tuple[Post | None, Post | None]:
        """The previous (older) and next (newer) posts, as the post navigation links them; none for an unlisted one."""
        index = self._position.get(post.path)
        if index is None:
            return None, None
        older = self.posts[index + 1] if index + 1 < len(self.posts) else None
        newer = self.posts[index - 1] if index > 0 else None
        return older, newer

    def month_count(self, month: Month) -> int:
        """How many posts a month has."""
        return len(self._by_month[month])

    def blog(self) -> Listing:
        """The blog index, every post newest first."""
        return Listing("blog_index", "/blog/", "Blog", "blog", self.posts)

    def _month(self, month: Month) -> Listing:
        """A month's archive."""
        return Listing("archive_month", month.path, month.label, "archive date", self._by_month[month])

    def _category(self, term: Term) -> Listing:
        """A category's archive."""
        body_class = f"archive category category-{term.slug}"
        return Listing("category", f"/category/{term.slug}/", term.name, body_class, self._by_category[term.slug])

    def _tag(self, term: Term) -> Listing:
        """A tag's archive."""
        return Listing("tag", f"/tag/{term.slug}/", term.name, f"archive tag tag-{term.slug}", self._by_tag[term.slug])

    def listing_at(self, path: str) -> Listing | None:
        """The listing whose first page is at `path`, if any."""
        if path == "/blog/":
            return self.blog()
        parts = path.strip("/").split("/")
        if len(parts) != 2:
            return None
        kind, key = parts
        if kind == "category" and key in self._categories:
            return self._category(self._categories[key])
        if kind == "tag" and key in self._tags:
            return self._tag(self._tags[key])
        if kind.isdigit() and key.isdigit() and Month(int(kind), int(key)) in self._by_month:
            return self._month(Month(int(kind), int(key)))
        return None

    def listings(self) -> Iterator[Listing]:
        """Every listing the site has: blog, months, categories, tags."""
        yield self.blog()
        yield from map(self._month, self.months)
        yield from map(self._category, self.categories)
        yield from map(self._tag, self.tags)

    def expected(self, base_url: str) -> GroundTruth:
        """What a correct crawl of this site served at `base_url` finds."""
        from crawler.replica.truth import ground_truth

        return ground_truth(self, base_url)


def build_site(
    posts: int | None = None,
    edition: int = 1,
    show_counts: bool = False,
    *,
    rename: bool | Mapping[str, str] = True,
    rest_api: bool = True,
    hostile_pictures: bool = False,
    post_ids: bool = True,
) -> Site:
    """The default site (posts=None) or a synthetic one of `posts` posts, as of edition 1 or 2.

    Edition 2 also publishes a post only the REST API lists and re-uploads the newest post's featured picture under
    its name; unless `rename` is off, it changes one post's slug, and the old address answers 301 (a mapping of old
    slug to new slug renames those posts instead). `rest_api=False` is a site whose REST API is switched off and
    unannounced. With `hostile_pictures`, one more post shows the uploads a web server gets wrong
    (crawler.replica.pictures). `post_ids=False` is a theme whose post pages and
    listings name no WordPress id (no `postid-N`, `post-N`, shortlink or REST link): only URLs tell posts apart.
    """
    if edition not in (1, 2):
        raise ValueError(f"edition must be 1 or 2, not {edition}")
    source = catalog.CATALOGUE if posts is None else synthetic.catalogue(posts)
    ghost_slug = source.ghost.permalink_slug
    numbered = assemble((*source.entries, source.ghost), catalog.FIRST_POST_ID, {ghost_slug, *source.revision.removals})
    live = [post for post in numbered if post.slug != ghost_slug]
    gone = [post for post in numbered if post.slug == ghost_slug]
    changes = None
    replaced: frozenset[str] = frozenset()
    unlisted: list[Post] = []
    if edition == 2:
        newest = max(live, key=lambda post: post.published)
        replaced = frozenset({newest.featured.file} if newest.featured else ())  # re-uploaded under its name
        renames = (source.revision.renames if rename else {}) if isinstance(rename, bool) else rename
        revision = dataclasses.replace(source.revision, renames=renames)
        next_id = max(post.wp_id for post in numbered) + 1
        gone += [post for post in live if post.slug in revision.removals]
        live, changes = revise(live, revision, next_id)
        unlisted = number(revision.unlisted, max(post.wp_id for post in live) + 1)
    if hostile_pictures:
        live = [*live, pictures.hostile_post([*live, *unlisted])]
    return Site(
        live,
        gone,
        catalog.PAGES,
        edition=edition,
        show_counts=show_counts,
        changes=changes,
        replaced_uploads=replaced,
        unlisted=unlisted,
        rest_api=rest_api,
        post_ids=post_ids,
    )
