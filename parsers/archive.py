"""The sidebar Archive widget, and the posts and page links of a listing page."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

from parsers import selectors
from parsers.content import is_foreign
from parsers.models import ArchiveMonth
from parsers.soup import (
    Element,
    Markup,
    attr,
    make_tree,
    remembered_by_markup,
    select,
    select_first,
    select_one,
)
from parsers.text import collapse_whitespace, element_text
from parsers.urls import canonical_url, is_web_url, path_segments

MONTH_LABEL_FORMATS = ("%B %Y", "%b %Y")
PLAIN_MONTH_RE = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})")  # "?m=201803", WordPress's plain permalinks


def split_count(text: str) -> tuple[str, int | None]:
    """("May 2019", 3) from "May 2019 (3)"; the count is None when the text shows none."""
    label = collapse_whitespace(text)
    if label.endswith(")") and "(" in label:
        before, _, inside = label[:-1].rpartition("(")
        number = inside.strip()
        if number.isascii() and number.isdigit():
            return (before.strip(), int(number))
    return (label, None)


@lru_cache(maxsize=1024)  # every page repeats the widget's months
def year_month(url: str, label: str) -> tuple[int, int] | None:
    """(year, month) from a /YYYY/MM/ archive URL, else from a "May 2019" label, else from plain permalinks'
    ?m=YYYYMM (whatever the label's language)."""
    segments = path_segments(url)
    for index in range(len(segments) - 1):
        year, month = segments[index], segments[index + 1]
        if (
            len(year) == 4
            and len(month) == 2
            and (year + month).isascii()
            and (year + month).isdigit()
            and 1 <= int(month) <= 12
        ):
            return (int(year), int(month))
    for pattern in MONTH_LABEL_FORMATS:
        try:
            parsed = datetime.strptime(label, pattern)
        except ValueError:
            continue
        return (parsed.year, parsed.month)
    plain = PLAIN_MONTH_RE.fullmatch(parse_qs(urlsplit(url).query).get("m", [""])[0])
    if plain is not None and 1 <= int(plain["month"]) <= 12:
        return (int(plain["year"]), int(plain["month"]))
    return None


@lru_cache(maxsize=1024)  # every page repeats the widget's months
def _month(url: str, label: str, count: int | None) -> ArchiveMonth | None:
    """One widget month, or None when neither URL nor label names a month."""
    found = year_month(url, label)
    if found is None or not label:
        return None
    year, month = found
    return ArchiveMonth(f"{year:04d}-{month:02d}", year, month, label, url, count)


# (href or option value, label, count) of one month as the widget writes it, before the URL is resolved
WidgetEntry = tuple[str, str, int | None]
REMEMBERED_WIDGETS = 64  # widgets remembered by their markup: every page of a site repeats the same few
REMEMBERED_ITEMS = 1024  # and their list items


@remembered_by_markup(REMEMBERED_WIDGETS)
def _widget_entries(widget: Element) -> tuple[WidgetEntry, ...]:
    """The months a widget lists, as the list or the dropdown variant.

    A widget is the <select> itself or carries the widget class, which every <select> below it then matches: which
    dropdown it holds, like what it lists, depends on its own markup alone.
    """
    dropdown = widget if widget.tag == "select" else select_one(widget, selectors.ARCHIVE_DROPDOWN)
    return _dropdown_entries(dropdown) if dropdown is not None else _list_entries(widget)


def _list_entries(widget: Element) -> tuple[WidgetEntry, ...]:
    """Months of a widget rendered as a list of links."""
    entries = [_item_entry(item) for item in select(widget, selectors.ARCHIVE_ITEMS)]
    return tuple(entry for entry in entries if entry is not None)


@remembered_by_markup(REMEMBERED_ITEMS)  # the widget of a month's own page differs from the others in one item
def _item_entry(item: Element) -> WidgetEntry | None:
    """The month a list item links to, or None when it holds no link (an item is never inside a <template>)."""
    link = select_one(item, selectors.ARCHIVE_LINK)
    if link is None:
        return None
    label, _ = split_count(element_text(link))
    _, count = split_count(element_text(item))
    return (attr(link, "href") or "", label, count)


def _dropdown_entries(widget: Element) -> tuple[WidgetEntry, ...]:
    """Months of a widget rendered as <select name="archive-dropdown">."""
    entries: list[WidgetEntry] = []
    for option in select(widget, selectors.ARCHIVE_OPTIONS):
        value = (attr(option, "value") or "").strip()
        if not value:
            continue
        label, count = split_count(element_text(option))
        entries.append((value, label, count))
    return tuple(entries)


def _months(entries: tuple[WidgetEntry, ...], base: str) -> list[ArchiveMonth]:
    """The widget's months with URLs resolved against the base; entries naming no month left out."""
    months = [_month(canonical_url(href, base), label, count) for href, label, count in entries]
    return [month for month in months if month is not None]


def parse_archive_months(soup: Markup, page_url: str) -> list[ArchiveMonth]:
    """The sidebar Archive widget's months, in page order (the list or the dropdown variant).

    A widget found here is never inside a <template>, so what it lists depends on its own markup alone.
    """
    root = make_tree(soup)
    months: list[ArchiveMonth] = []
    widgets = select(root, selectors.ARCHIVE_WIDGET) or select(root, selectors.ARCHIVE_DROPDOWN)
    for widget in widgets:
        months.extend(_months(_widget_entries(widget), page_url))
    unique: dict[str, ArchiveMonth] = {}
    for month in months:
        unique.setdefault(month.id, month)
    return list(unique.values())


def main_content(soup: Element) -> Element:
    """The page's main content area (not the sidebar or footer), else the whole page."""
    main = select_first(soup, selectors.MAIN_CONTENT)
    return soup if main is None else main


def parse_listed_posts(soup: Markup, page_url: str) -> list[str]:
    """Canonical URLs of the posts a blog index, archive, category or tag page lists, in page order: the theme's loop
    in the main content, and page builders' sliders, grids, masonry and magazine blocks anywhere outside sidebars,
    widgets, footers and related blocks."""
    tree = make_tree(soup)
    root = main_content(tree)
    looped = next((found for selector in selectors.LISTED_POST_LINKS if (found := select(root, selector))), [])
    built = [link for link in select(tree, selectors.BUILDER_LISTED_LINKS) if not is_foreign(link, None)]
    # A theme's loop inside a block marked as other posts' (Enfold's blog-posts element) is still the listing.
    links = [link for link in looped if not is_foreign(link, None)] or looped
    if built:
        order = {element: position for position, element in enumerate(tree.iter())}
        links = sorted({*links, *built}, key=order.__getitem__)
    urls = [canonical_url(attr(link, "href") or "", page_url) for link in links]
    return list(dict.fromkeys(url for url in urls if is_web_url(url)))


def parse_pagination(soup: Markup, page_url: str) -> list[str]:
    """Canonical URLs of the other pages of the same listing, in page order, without the page itself."""
    root = make_tree(soup)
    links = select(root, selectors.PAGINATION_LINKS) + select(root, selectors.PAGINATION_HEAD_LINKS)
    here = canonical_url(page_url)
    urls = [canonical_url(attr(link, "href") or "", page_url) for link in links]
    return list(dict.fromkeys(url for url in urls if is_web_url(url) and url != here))
