"""REST API answers into records: real shapes read, every malformed one refused with the reason, nothing else raised."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers.urls import is_web_url
from parsers.wp_rest import (
    InventoryItem,
    InventoryTerm,
    MalformedAnswer,
    Paging,
    api_url,
    parse_items,
    parse_paging,
    parse_terms,
    term_names,
)

URL = "https://backinsteppt.com/wp-json/wp/v2/posts?per_page=100&page=1"
POST = {
    "id": 812,
    "date_gmt": "2019-05-15T16:00:00",
    "modified_gmt": "2025-06-12T15:30:00",
    "slug": "strong-hips-are-crucial",
    "link": "https://BackInStepPT.com/2019/05/15/strong-hips-are-crucial/?utm_source=x#top",
    "title": {"rendered": "Strong Hips &#8211; <em>Crucial</em>!"},
    "categories": [3, 8],
    "tags": [21],
}


def body(*items: object) -> bytes:
    return json.dumps(list(items)).encode()


def test_a_page_of_posts_becomes_inventory_items() -> None:
    (item,) = parse_items(body(POST), URL, "post")
    assert item == InventoryItem(
        wp_id=812,
        type="post",
        url="https://backinsteppt.com/2019/05/15/strong-hips-are-crucial/",
        slug="strong-hips-are-crucial",
        date_gmt="2019-05-15T16:00:00",
        modified_gmt="2025-06-12T15:30:00",
        title="Strong Hips – Crucial!",
        category_ids=(3, 8),
        tag_ids=(21,),
    )


def test_a_page_without_terms_or_dates_is_read() -> None:
    (item,) = parse_items(body({"id": 7, "link": "/about/", "title": {"rendered": "About"}}), URL, "page")
    assert (item.url, item.date_gmt, item.category_ids, item.slug) == ("https://backinsteppt.com/about/", None, (), "")


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (b'<br />\n<b>Warning</b>: Undefined array key\n[{"id": 1}]', "not JSON"),
        (b"<!DOCTYPE html><html><title>403 Forbidden</title></html>", "not JSON"),
        (b"", "not JSON"),
        (b"\xff\xfe\x00garbage", "not JSON"),
        (b'{"code": "rest_login_required"}', "a JSON dict where a list"),
        (b"[1, 2]", "item 1 is a JSON int"),
        (body({**POST, "id": "812"}), "item 1 has no usable id"),
        (body({**POST, "id": True}), "item 1 has no usable id"),
        (body(POST, {**POST, "id": -4}), "item 2 has no usable id"),
        (body({**POST, "link": None}), "no usable link"),
        (body({**POST, "link": "mailto:someone@example.com"}), "no usable link"),
        (body({**POST, "modified_gmt": "yesterday"}), "unreadable modified_gmt"),
        (body({**POST, "modified_gmt": 20190515}), "unreadable modified_gmt"),
        (body({**POST, "categories": "3,8"}), "unreadable categories"),
        (body({**POST, "tags": [1.5]}), "unreadable tags"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ],
)
def test_malformed_answers_are_refused_with_the_reason(answer: bytes, reason: str) -> None:
    with pytest.raises(MalformedAnswer, match=reason) as raised:
        parse_items(answer, URL, "post")
    assert raised.value.url == URL and str(raised.value).startswith(URL)


def outcome(answer: bytes, kind: str) -> list[InventoryItem] | list[InventoryTerm] | MalformedAnswer:
    """What a parser made of an answer: records whose ids and links are usable, or the reason it refused."""
    try:
        if kind == "category":
            return parse_terms(answer, URL, "category")
        return parse_items(answer, URL, "post" if kind == "post" else "page")
    except MalformedAnswer as refused:
        return refused


def assert_usable(result: list[InventoryItem] | list[InventoryTerm] | MalformedAnswer) -> None:
    if isinstance(result, MalformedAnswer):
        assert result.reason and result.url == URL
        return
    assert all(record.wp_id > 0 for record in result)
    assert all(is_web_url(record.url) for record in result if isinstance(record, InventoryItem))


@given(st.binary(max_size=200))
def test_any_bytes_give_records_or_the_reason_they_are_refused(answer: bytes) -> None:
    assert_usable(outcome(answer, "post"))


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(list(POST)), children),
        max_leaves=20,
    )
)
def test_any_json_gives_records_or_the_reason_they_are_refused(value: object) -> None:
    for kind in ("post", "page", "category"):
        assert_usable(outcome(json.dumps(value).encode(), kind))


def test_terms_and_their_names() -> None:
    answer = body(
        {"id": 3, "count": 12, "link": "https://backinsteppt.com/category/dance/", "name": "Anatomy &amp; Function"},
        {"id": 8, "name": "Wellness", "slug": "wellness", "count": "many"},
    )
    terms = parse_terms(answer, URL, "category")
    assert terms == [
        InventoryTerm(3, "category", "Anatomy & Function", "", "https://backinsteppt.com/category/dance/", 12),
        InventoryTerm(8, "category", "Wellness", "wellness", None, None),
    ]
    by_id = {term.wp_id: term for term in terms}
    assert term_names((8, 99, 3), by_id) == ["Wellness", "Anatomy & Function"]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ([("X-WP-Total", "75"), ("X-WP-TotalPages", "1")], Paging(75, 1)),
        ([("x-wp-total", " 1000000 ")], Paging(1_000_000, None)),
        ([("X-WP-Total", "-1"), ("X-WP-TotalPages", "lots")], Paging(None, None)),
        ([], Paging(None, None)),
    ],
)
def test_paging_headers(headers: list[tuple[str, str]], expected: Paging) -> None:
    assert parse_paging(headers) == expected


@pytest.mark.parametrize(
    ("root", "route", "params", "expected"),
    [
        (
            "https://backinsteppt.com/wp-json/",
            "/wp/v2/posts",
            {"per_page": 100, "page": 2},
            "https://backinsteppt.com/wp-json/wp/v2/posts?per_page=100&page=2",
        ),
        ("https://x.org/blog/wp-json", "wp/v2/tags", None, "https://x.org/blog/wp-json/wp/v2/tags"),
        (
            "https://x.org/?rest_route=%2F",
            "/wp/v2/posts",
            {"_fields": "id,link"},
            "https://x.org/?rest_route=%2Fwp%2Fv2%2Fposts&_fields=id%2Clink",
        ),
    ],
)
def test_api_urls_for_pretty_and_plain_roots(
    root: str, route: str, params: dict[str, str | int] | None, expected: str
) -> None:
    assert api_url(root, route, params) == expected
