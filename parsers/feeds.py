"""Sitemaps and RSS/Atom feeds, read with a hardened lxml parser (no network, no entities)."""

from __future__ import annotations

from lxml import etree

from parsers.dates import normalise_iso, rfc822_to_iso
from parsers.urls import canonical_url, is_web_url


def _hardened_parser() -> etree.XMLParser:
    """An XML parser that never fetches, never expands entities and tolerates broken input."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
    )


def _root(xml: bytes) -> etree._Element | None:
    """The document element, or None when the bytes hold no XML."""
    if not xml or not xml.strip():
        return None
    try:
        return etree.fromstring(xml, parser=_hardened_parser())
    except (etree.XMLSyntaxError, ValueError):
        return None


def _local(element: etree._Element) -> str:
    """An element's tag without its namespace, lower-case ("" for comments and the like)."""
    tag = element.tag
    return tag.rpartition("}")[2].lower() if isinstance(tag, str) else ""


def _child_text(element: etree._Element, name: str) -> str | None:
    """The stripped text of the first child with that local name, or None."""
    for child in element:
        if _local(child) == name:
            text = "".join(str(part) for part in child.itertext()).strip()
            return text or None
    return None


def parse_sitemap(xml: bytes) -> list[tuple[str, str | None]]:
    """(canonical loc, lastmod as given) for each <url> of a urlset or <sitemap> of a sitemapindex."""
    root = _root(xml)
    if root is None:
        return []
    entries: list[tuple[str, str | None]] = []
    for element in root.iter():
        if _local(element) in ("url", "sitemap"):
            loc = _child_text(element, "loc")
            if loc and is_web_url(canonical_url(loc)):
                entries.append((canonical_url(loc), _child_text(element, "lastmod")))
    return entries


def _atom_link(entry: etree._Element) -> str | None:
    """The alternate (or first) link of an Atom entry."""
    links = [child for child in entry if _local(child) == "link" and child.get("href")]
    preferred = [link for link in links if link.get("rel", "alternate") == "alternate"]
    chosen = (preferred or links)[:1]
    return str(chosen[0].get("href")).strip() if chosen else None


def parse_feed(xml: bytes) -> list[tuple[str, str | None]]:
    """(canonical link, ISO 8601 published) for each RSS <item> or Atom <entry>."""
    root = _root(xml)
    if root is None:
        return []
    entries: list[tuple[str, str | None]] = []
    for element in root.iter():
        name = _local(element)
        if name == "item":
            link = _child_text(element, "link")
            published = rfc822_to_iso(_child_text(element, "pubdate")) or normalise_iso(_child_text(element, "date"))
        elif name == "entry":
            link = _atom_link(element)
            published = normalise_iso(_child_text(element, "published") or _child_text(element, "updated"))
        else:
            continue
        if link and is_web_url(canonical_url(link)):
            entries.append((canonical_url(link), published))
    return entries
