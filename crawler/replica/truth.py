"""Ground truth for a crawl of the replica, stated from the content model, never by parsing its HTML."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crawler.replica.bodies import body_html, word_count
from crawler.replica.catalog import REDIRECTED_LINK
from crawler.replica.chrome import LOGIN_PATH
from crawler.replica.dates import iso_local, iso_utc
from crawler.replica.feeds import USERS_SITEMAP, sitemap_files
from crawler.replica.model import Exercise, Para, Photo, Post, Step, photos_in
from crawler.replica.site import Site
from crawler.replica.views import DEFAULT_THUMBNAIL

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class GroundTruth:
    """What a correct crawl finds; every URL is absolute on `base_url`, with the site's trailing slash."""

    base_url: str
    edition: int
    start_url: str
    posts: list[Row]  # newest first; the `posts` columns plus categories and tags
    archive_months: list[Row]  # in widget order
    related_links: list[Row]  # plus target_status: 200, or 404 for the deleted post
    exercises: list[Row]  # with their steps
    exercise_facts: list[Row]  # per exercise (post_url, position): family, dose, attributes, steps' rest and tempo
    images: list[Row]  # every image in a post body: post_url, position, src, alt (None when absent)
    pages: dict[str, str]  # URL -> kind, for every URL reached from the start page, robots.txt and the
    # sitemaps by following a[href], feed links and sitemap locations, skipping URLs with a query
    assets: list[str]  # uploads that links (not img tags) point at: full-size featured images
    disallowed: list[str]  # URLs linked from pages that robots.txt forbids
    removed_url: str  # the deleted post a related block still links to; answers 404
    added: list[str]  # edition 2 against edition 1: post URLs added,
    changed: list[str]  # changed (body or title; retitled ones included),
    retitled: list[str]  # retitled,
    removed: list[str]  # and removed (now 404)
    redirects: dict[str, str]  # internal links in post bodies that answer 301 -> where they point
    pictures: dict[str, list[str]]  # post URL -> the pictures its page shows that an archive keeps, in page order:
    # the featured image as displayed and its original, body images and their srcsets' largest, related thumbnails
    moved: dict[str, str]  # edition 2 built with rename: a renamed post's old URL (answers 301) -> its new URL
    unlisted: list[Row]  # published posts nothing links (not listings, feed, sitemaps): only the REST API lists them
    api_root: str | None  # where pages announce the REST API; None when the site has it off


def _post(post: Post, base: str) -> Row:
    """A `posts` row."""
    photo = post.featured
    return {
        "url": base + post.path,
        "wp_id": post.wp_id,
        "slug": post.slug,
        "title": post.title,
        "published": iso_local(post.published),
        "modified": iso_utc(post.modified) if post.modified != post.published else None,
        "author": post.author.name,
        "categories": [term.name for term in post.categories],
        "tags": [term.name for term in post.tags],
        "featured_image_url": base + photo.path() if photo else None,
        "featured_image_alt": photo.alt if photo else None,
        "word_count": word_count(body_html(post, base)),
    }


def _related(site: Site, post: Post, base: str) -> list[Row]:
    """The post's `related_links` rows."""
    rows = []
    for position, slug in enumerate(post.related, start=1):
        target = site.post_by_slug(slug)
        photo = target.featured
        rows.append(
            {
                "source_url": base + post.path,
                "position": position,
                "target_url": base + target.path,
                "title": target.title,
                "thumbnail_url": base + (photo.path("180x180") if photo else DEFAULT_THUMBNAIL),
                "thumbnail_alt": photo.alt if photo else "",
                "target_status": 404 if site.is_gone(target) else 200,
            }
        )
    return rows


def _step(number: int, step: Step) -> Row:
    """An `exercise_steps` row, from the values written in the content."""
    hold_min, hold_max = step.hold or (None, None)
    return {
        "step": number,
        "text": step.text,
        "hold_seconds_min": hold_min,
        "hold_seconds_max": hold_max,
        "reps": step.reps,
        "sets": step.sets,
        "per_side": int(step.per_side),
    }


def _image(photo: Photo | None, base: str) -> tuple[str | None, str | None]:
    """An exercise image's URL and alt, as the body shows it."""
    return (base + photo.path("300x200"), photo.alt) if photo else (None, None)


def _exercises(post: Post, base: str) -> list[Row]:
    """The post's `exercises` rows, numbered through the whole post."""
    rows: list[Row] = []
    for group in post.exercise_sets:
        for index, exercise in enumerate(group.exercises, start=1):
            image_url, image_alt = _image(exercise.photo, base)
            rows.append(
                {
                    "post_url": base + post.path,
                    "position": len(rows) + 1,
                    "name": exercise.name,
                    "level": group.level(index),
                    "label": group.label(index),
                    "image_url": image_url,
                    "image_alt": image_alt,
                    "steps": [_step(number, step) for number, step in enumerate(exercise.steps, start=1)],
                }
            )
    return rows


def _dose(steps: tuple[Step, ...]) -> Row:
    """An exercise's dose from its steps' stated values: the widest hold, the first sets, reps, rest and tempo
    stated, one side at a time when any step says so."""
    holds = [step.hold for step in steps if step.hold]
    return {
        "sets": next((step.sets for step in steps if step.sets is not None), None),
        "reps": next((step.reps for step in steps if step.reps is not None), None),
        "hold_seconds_min": min(low for low, _ in holds) if holds else None,
        "hold_seconds_max": max(high for _, high in holds) if holds else None,
        "per_side": True if any(step.per_side for step in steps) else None,
        "rest_seconds": next((step.rest for step in steps if step.rest is not None), None),
        "tempo": next((step.tempo for step in steps if step.tempo is not None), None),
    }


def _facts(exercise: Exercise) -> Row:
    """What a researcher reads off one exercise besides its `exercises` row: family, dose, stated attributes."""
    stated = exercise.attributes
    return {
        "family": exercise.family,
        **_dose(exercise.steps),
        "attributes_recorded": stated is not None,
        "kind": stated.kind if stated else None,
        "equipment": list(stated.equipment) if stated and stated.equipment else None,
        "body_position": stated.position if stated else None,
        "muscles": list(stated.muscles) if stated and stated.muscles else None,
        "steps": [
            {"step": number, "rest_seconds": step.rest, "tempo": step.tempo}
            for number, step in enumerate(exercise.steps, start=1)
        ],
    }


def _exercise_facts(post: Post, base: str) -> list[Row]:
    """The post's exercises as a researcher reads them, numbered through the whole post like `_exercises`."""
    rows: list[Row] = []
    for group in post.exercise_sets:
        for index, exercise in enumerate(group.exercises, start=1):
            position = len(rows) + 1
            rows.append(
                {"post_url": base + post.path, "position": position, "name": exercise.name, "level": group.level(index)}
                | _facts(exercise)
            )
    return rows


def _pictures(site: Site, post: Post, base: str) -> list[str]:
    """The picture URLs a post's page shows, each once, as crawler.crawl.pictures orders them."""
    paths = [post.featured.path("845x321"), post.featured.path()] if post.featured else []
    for photo in photos_in(post.body):
        paths += [photo.path("300x200"), photo.path()]
    for slug in post.related:
        thumbnail = site.post_by_slug(slug).featured
        paths.append(thumbnail.path("180x180") if thumbnail else DEFAULT_THUMBNAIL)
    return [base + path for path in dict.fromkeys(paths)]


def _pages(site: Site, base: str, removed_path: str) -> dict[str, str]:
    """Every URL a crawler reaches from the start page and the sitemaps, by kind."""
    kinds = {"/robots.txt": "robots", "/feed/": "feed", "/wp-sitemap.xml": "sitemap"}
    kinds.update({file.path: "sitemap" for file in sitemap_files(site)})
    kinds.update({USERS_SITEMAP: "other", removed_path: "other"})
    kinds.update(dict.fromkeys(_redirects(site), "blog_index"))  # the redirect's target is the blog index
    kinds.update({page.path: "page" for page in site.pages})
    kinds.update({post.path: "post" for post in site.posts})
    for listing in site.listings():
        kinds.update({listing.page_path(number): listing.kind for number in range(1, listing.page_count + 1)})
    return {base + path: kind for path, kind in sorted(kinds.items())}


def _redirects(site: Site) -> dict[str, str]:
    """The redirecting internal link the content-audit posts carry, when the site has them."""
    path, location = REDIRECTED_LINK
    written = f'href="{path}"'
    linked = any(isinstance(block, Para) and written in block.html for post in site.posts for block in post.body)
    return {path: location} if linked else {}


def ground_truth(site: Site, base: str) -> GroundTruth:
    """The ground truth for `site` served at `base`."""
    linked = {slug for post in site.posts for slug in post.related}
    (deleted,) = [post for post in site.gone if post.slug in linked]
    changes = site.changes
    return GroundTruth(
        base_url=base,
        edition=site.edition,
        start_url=f"{base}/blog/",
        posts=[_post(post, base) for post in site.posts],
        archive_months=[
            {
                "id": month.id,
                "year": month.year,
                "month": month.month,
                "label": month.label,
                "url": base + month.path,
                "listed_count": site.month_count(month) if site.show_counts else None,
            }
            for month in site.months
        ],
        related_links=[row for post in site.posts for row in _related(site, post, base)],
        exercises=[row for post in site.posts for row in _exercises(post, base)],
        exercise_facts=[row for post in site.posts for row in _exercise_facts(post, base)],
        images=[
            {"post_url": base + post.path, "position": position, "src": base + photo.path("300x200"), "alt": photo.alt}
            for post in site.posts
            for position, photo in enumerate(photos_in(post.body), start=1)
        ],
        pages=_pages(site, base, deleted.path),
        assets=[base + post.featured.path() for post in site.posts if post.featured],
        disallowed=[base + LOGIN_PATH],
        removed_url=base + deleted.path,
        added=[base + path for path in changes.added] if changes else [],
        changed=[base + path for path in changes.changed] if changes else [],
        retitled=[base + path for path in changes.retitled] if changes else [],
        removed=[base + path for path in changes.removed] if changes else [],
        redirects={base + path: base + location for path, location in _redirects(site).items()},
        pictures={base + post.path: _pictures(site, post, base) for post in site.posts},
        moved={base + old: base + new for old, new in changes.moved} if changes else {},
        unlisted=[_post(post, base) for post in site.unlisted],
        api_root=f"{base}/wp-json/" if site.rest_api else None,
    )
