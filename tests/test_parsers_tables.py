"""Table tests: every named phrase pattern, step numbers, canonical URLs, kinds, dates and text helpers."""

from __future__ import annotations

import re

import pytest

from parsers import exercise_blocks, exercise_levels, exercise_steps, steps
from parsers.archive import split_count, year_month
from parsers.dates import normalise_iso, rfc822_to_iso, same_instant, visible_date
from parsers.kind import kind_from_body_classes, kind_from_url
from parsers.meta import strip_site_name
from parsers.page import parse_page
from parsers.soup import make_tree
from parsers.steps import parse_step
from parsers.text import collapse_whitespace, count_words, element_text, sanitize_html
from parsers.urls import canonical_url, is_internal, without_index_file

SITE = "https://backinsteppt.com"


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Hold for 5-10 seconds.", (5, 10, None, None, False)),
        ("Hold for 5–10 seconds.", (5, 10, None, None, False)),
        ("Hold for 5 to 10 sec", (5, 10, None, None, False)),
        ("hold 30 seconds", (30, 30, None, None, False)),
        ("Hold for 20 seconds.", (20, 20, None, None, False)),
        ("Hold the stretch for 1 minute each side.", (60, 60, None, None, True)),
        ("Hold 1-2 minutes", (60, 120, None, None, False)),
        ("Holding for 10s", (10, 10, None, None, False)),
        ("Finish with a 30-second hold.", (30, 30, None, None, False)),
        ("Hold 30 seconds, repeat 3 times each side.", (30, 30, 3, None, True)),
        ("Repeat 10 times.", (None, None, 10, None, False)),
        ("repeat 10 times", (None, None, 10, None, False)),
        ("10 reps", (None, None, 10, None, False)),
        ("Do 12 repetitions", (None, None, 12, None, False)),
        ("Squats x10", (None, None, 10, None, False)),
        ("Squats x 10", (None, None, 10, None, False)),
        ("3 sets of 10", (None, None, 10, 3, False)),
        ("Do 2 sets of 15.", (None, None, 15, 2, False)),
        ("Do 3 sets of 8.", (None, None, 8, 3, False)),
        ("Complete 3 sets of 6 per leg.", (None, None, 6, 3, True)),
        ("3x12 on each leg", (None, None, 12, 3, True)),
        ("Do 2 sets, 10 reps per arm", (None, None, 10, 2, True)),
        ("Repeat 12 times each side.", (None, None, 12, None, True)),
        ("Repeat 8 times each side.", (None, None, 8, None, True)),
        ("Switch and repeat on both sides.", (None, None, None, None, True)),
        ("Draw one knee toward your chest with both hands.", (None, None, None, None, False)),
        ("Hold a band with elbows at your sides.", (None, None, None, None, False)),
        ("Lie on your back, knees bent.", (None, None, None, None, False)),
        ("Keep your hips at about 45* and knees at about 90*.", (None, None, None, None, False)),
        ("", (None, None, None, None, False)),
    ],
)
def test_parse_step(text: str, numbers: steps.StepNumbers) -> None:
    assert parse_step(text) == numbers


@pytest.mark.parametrize(
    ("pattern", "text", "groups"),
    [
        (steps.HOLD_RE, "Hold for 5-10 seconds.", {"low": "5", "high": "10", "unit": "seconds"}),
        (steps.HOLD_RE, "hold 30 seconds", {"low": "30", "high": None, "unit": "seconds"}),
        (steps.HOLD_RE, "Hold for 5 to 10 sec", {"low": "5", "high": "10", "unit": "sec"}),
        (steps.HOLD_RE, "Household chores for 10 minutes", None),
        (steps.HOLD_RE, "Hold a band. Rotate 10 times", None),
        (steps.HOLD_TRAILING_RE, "a 30-second hold", {"low": "30", "high": None, "unit": "second"}),
        (steps.HOLD_TRAILING_RE, "5-10 second holds", {"low": "5", "high": "10", "unit": "second"}),
        (steps.SETS_OF_RE, "Complete 3 sets of 6 per leg", {"sets": "3", "reps": "6"}),
        (steps.SETS_OF_RE, "1 set of 20", {"sets": "1", "reps": "20"}),
        (steps.SETS_X_REPS_RE, "3x10", {"sets": "3", "reps": "10"}),
        (steps.SETS_X_REPS_RE, "2 × 15", {"sets": "2", "reps": "15"}),
        (steps.SETS_RE, "Do 2 sets", {"sets": "2"}),
        (steps.SETS_RE, "Reset your posture", None),
        (steps.REPS_RE, "repeat 10 times", {"reps": "10"}),
        (steps.REPS_RE, "15 reps", {"reps": "15"}),
        (steps.REPS_RE, "Hold for 5-10 seconds", None),
        (steps.X_REPS_RE, "Bridges x10", {"reps": "10"}),
        (steps.X_REPS_RE, "Box 10", None),
        (steps.PER_SIDE_RE, "Repeat on each side", {}),
        (steps.PER_SIDE_RE, "6 per leg", {}),
        (steps.PER_SIDE_RE, "Switch and repeat on both sides", {}),
        (steps.PER_SIDE_RE, "Rise onto the balls of both feet", None),
        (steps.PER_SIDE_RE, "Lie on your side with both legs turned out", None),
        (steps.PER_SIDE_RE, "Hold a band with elbows at your sides", None),
        (exercise_levels.LEVEL_LABEL_RE, "Level 1", {"number": "1"}),
        (exercise_levels.LEVEL_LABEL_RE, "Variation #2", {"number": "2"}),
        (exercise_levels.LEVEL_LABEL_RE, "Phase 3: Return to jumping", {"number": "3"}),
        (exercise_levels.LEVEL_LABEL_RE, "Levels of pain", None),
        (exercise_levels.LEVEL_LABEL_RE, "The Basics", None),
        (
            exercise_levels.NUMBERED_LABEL_RE,
            "Exercise 1: External Rotation",
            {"number": "1", "name": "External Rotation"},
        ),
        (
            exercise_levels.NUMBERED_LABEL_RE,
            "Stretch #2: Figure-Four Stretch",
            {"number": "2", "name": "Figure-Four Stretch"},
        ),
        (exercise_levels.NUMBERED_LABEL_RE, "Exercise 3", {"number": "3", "name": None}),
        (exercise_levels.NUMBERED_LABEL_RE, "Exercises to try", None),
        (exercise_steps.STEP_PREFIX_RE, "Step 1: Stand on one leg", {}),
        (exercise_steps.STEP_PREFIX_RE, "Step #2. Sit back", {}),
        (exercise_steps.STEP_PREFIX_RE, "Steps matter", None),
        (exercise_blocks.DISCLAIMER_RE, "DISCLAIMER: The purpose of this site", {}),
        (exercise_blocks.DISCLAIMER_RE, "Disclaimer - not medical advice", {}),
        (exercise_blocks.DISCLAIMER_RE, "A disclaimer follows", None),
        (exercise_levels.PROGRESSION_TITLE_RE, "Bridge Progression", {"name": "Bridge"}),
        (exercise_levels.PROGRESSION_TITLE_RE, "Side Plank Levels", {"name": "Side Plank"}),
        (exercise_levels.PROGRESSION_TITLE_RE, "Rotator Cuff Band Series", {"name": "Rotator Cuff Band"}),
        (exercise_levels.PROGRESSION_TITLE_RE, "Strong Hips are Crucial!", None),
        (exercise_levels.LEVEL_IN_TEXT_RE, "Clamshell Level 1", {}),
        (exercise_levels.LEVEL_IN_TEXT_RE, "Clamshell", None),
    ],
)
def test_named_patterns(pattern: re.Pattern[str], text: str, groups: dict[str, str | None] | None) -> None:
    found = pattern.search(text)
    if groups is None:
        assert found is None
    else:
        assert found is not None
        assert {name: found[name] for name in groups} == groups


@pytest.mark.parametrize(
    ("url", "base", "canonical"),
    [
        (f"{SITE}/2019/05/15/strong-hips-are-crucial/", None, f"{SITE}/2019/05/15/strong-hips-are-crucial/"),
        (f"{SITE}/2019/05/15/strong-hips-are-crucial", None, f"{SITE}/2019/05/15/strong-hips-are-crucial"),
        (f"{SITE}/2019/05/15/strong-hips-are-crucial/#respond", None, f"{SITE}/2019/05/15/strong-hips-are-crucial/"),
        (
            f"{SITE}/2019/05/15/strong-hips-are-crucial/?replytocom=42#respond",
            None,
            f"{SITE}/2019/05/15/strong-hips-are-crucial/",
        ),
        (f"{SITE}/blog/?utm_source=facebook&utm_medium=social&utm_campaign=spring", None, f"{SITE}/blog/"),
        (f"{SITE}/?p=50&share=facebook&fbclid=IwAR0abc", None, f"{SITE}/?p=50"),
        (f"{SITE}/?s=hips&gclid=xyz&_ga=2.1.2", None, f"{SITE}/?s=hips"),
        (f"{SITE}/?s=hips&UTM_Source=x", None, f"{SITE}/?s=hips"),
        (f"{SITE}/?b=2&a=1", None, f"{SITE}/?a=1&b=2"),
        ("HTTPS://BackInStepPT.COM/About/", None, f"{SITE}/About/"),
        ("https://backinsteppt.com:443/blog/page/2/", None, f"{SITE}/blog/page/2/"),
        ("http://backinsteppt.com:80/feed/", None, "http://backinsteppt.com/feed/"),
        ("http://127.0.0.1:8765/2021/09/", None, "http://127.0.0.1:8765/2021/09/"),
        ("https://backinsteppt.com", None, f"{SITE}/"),
        ("/2021/09/page/2/", f"{SITE}/2021/09/", f"{SITE}/2021/09/page/2/"),
        ("../about/", f"{SITE}/blog/page/2/", f"{SITE}/blog/page/about/"),
        ("?s=", f"{SITE}/blog/", f"{SITE}/blog/?s="),
        ("//www.youtube.com/@backinsteppt", SITE, "https://www.youtube.com/@backinsteppt"),
        (
            f"{SITE}/wp-content/uploads/2019/05/Clamshell Level 1.jpg",
            None,
            f"{SITE}/wp-content/uploads/2019/05/Clamshell%20Level%201.jpg",
        ),
        ("  https://backinsteppt.com/contact/  ", None, f"{SITE}/contact/"),
    ],
)
def test_canonical_url(url: str, base: str | None, canonical: str) -> None:
    assert canonical_url(url, base) == canonical
    assert canonical_url(canonical) == canonical


@pytest.mark.parametrize(
    ("url", "directory"),
    [
        ("https://nariox.example/2013/ssh-login/index.html", "https://nariox.example/2013/ssh-login/"),
        ("https://blog.example/index.php", "https://blog.example/"),
        ("https://blog.example/index.php?p=12", "https://blog.example/index.php?p=12"),  # the query names the page
        ("https://blog.example/2013/ssh-login/", "https://blog.example/2013/ssh-login/"),
        ("https://blog.example/reindex.html", "https://blog.example/reindex.html"),
    ],
)
def test_a_directory_index_file_is_its_directory(url: str, directory: str) -> None:
    assert without_index_file(url) == directory


def test_a_static_exports_relative_canonical_link_names_the_post_not_its_index_file() -> None:
    html = (
        "<html><head><link rel='canonical' href='./index.html'></head><body class='single-post postid-4'>"
        "<article class='post-4 hentry'><h1 class='entry-title'>SSH login</h1><div class='entry-content'><p>Keys.</p>"
        "</div></article></body></html>"
    )
    page = parse_page(html, "https://nariox.example/2013/ssh-login/")
    assert page.post is not None and (page.url, page.post.slug) == (
        "https://nariox.example/2013/ssh-login/",
        "ssh-login",
    )


@pytest.mark.parametrize(
    ("url", "site", "internal"),
    [
        (f"{SITE}/about/", f"{SITE}/", True),
        ("http://backinsteppt.com/about/", f"{SITE}/", True),
        ("https://BACKINSTEPPT.com:443/", f"{SITE}/", True),
        ("/about/", f"{SITE}/blog/", True),
        ("https://www.facebook.com/backinsteppt", f"{SITE}/", False),
        ("http://127.0.0.1:8001/x", "http://127.0.0.1:8000/", False),
        ("http://127.0.0.1:8000/x", "http://127.0.0.1:8000/", True),
    ],
)
def test_is_internal(url: str, site: str, internal: bool) -> None:
    assert is_internal(url, site) is internal


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        (f"{SITE}/2019/05/15/strong-hips-are-crucial/", "post"),
        (f"{SITE}/2021/09/", "archive_month"),
        (f"{SITE}/2021/09/page/2/", "archive_month"),
        (f"{SITE}/blog/", "blog_index"),
        (f"{SITE}/blog/page/6/", "blog_index"),
        (f"{SITE}/category/wellness/", "category"),
        (f"{SITE}/tag/knee/", "tag"),
        (f"{SITE}/about/", "page"),
        (f"{SITE}/", "page"),
        (f"{SITE}/robots.txt", "robots"),
        (f"{SITE}/wp-sitemap.xml", "sitemap"),
        (f"{SITE}/wp-sitemap-posts-post-1.xml", "sitemap"),
        (f"{SITE}/feed/", "feed"),
        (f"{SITE}/comments/feed/", "feed"),
        (f"{SITE}/category/wellness/feed/", "feed"),
        (f"{SITE}/feed/atom/", "feed"),
        (f"{SITE}/wp-content/uploads/2019/05/Clamshell-Level-1.jpg", "asset"),
        (f"{SITE}/wp-content/themes/enfold/css/base.css?ver=6.0.5", "asset"),
        (f"{SITE}/favicon.ico", "asset"),
        (f"{SITE}/2021/", "other"),
    ],
)
def test_kind_from_url(url: str, kind: str) -> None:
    assert kind_from_url(url) == kind


@pytest.mark.parametrize(
    ("classes", "kind"),
    [
        ("post-template-default single single-post postid-50 single-format-standard", "post"),
        ("archive date paged paged-2", "archive_month"),
        ("blog paged paged-2", "blog_index"),
        ("home blog", "blog_index"),
        ("archive category category-wellness", "category"),
        ("archive tag tag-knee", "tag"),
        ("page-template-default page page-id-321", "page"),
        ("error404", "other"),
        ("search search-results", "other"),
        ("attachment single single-attachment postid-9", "other"),
        ("stretched rtl_columns", None),
        ("", None),
    ],
)
def test_kind_from_body_classes(classes: str, kind: str | None) -> None:
    assert kind_from_body_classes(classes.split()) == kind


@pytest.mark.parametrize(
    ("text", "result"),
    [
        ("May 2019\xa0(3)", ("May 2019", 3)),
        (" May 2019 \xa0(3)", ("May 2019", 3)),
        ("September 2021 (11)", ("September 2021", 11)),
        ("May 2019", ("May 2019", None)),
        ("Posts (draft)", ("Posts (draft)", None)),
        ("", ("", None)),
    ],
)
def test_split_count(text: str, result: tuple[str, int | None]) -> None:
    assert split_count(text) == result


@pytest.mark.parametrize(
    ("url", "label", "result"),
    [
        (f"{SITE}/2019/05/", "May 2019", (2019, 5)),
        (f"{SITE}/?m=201905", "May 2019", (2019, 5)),
        (f"{SITE}/?m=201905", "Sep 2021", (2021, 9)),
        (f"{SITE}/?m=201803", "marzo 2018", (2018, 3)),  # a label in another language: the plain permalink
        (f"{SITE}/?m=201813", "2018年13月", None),
        (f"{SITE}/2019/13/", "Smarch 2019", None),
    ],
)
def test_year_month(url: str, label: str, result: tuple[int, int] | None) -> None:
    assert year_month(url, label) == result


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("January 7, 2021", "2021-01-07"),
        ("May 15, 2019", "2019-05-15"),
        ("Sep 2, 2021", "2021-09-02"),
        ("15 May 2019", "2019-05-15"),
        ("2019-05-15", "2019-05-15"),
        ("Posted recently", None),
        ("", None),
    ],
)
def test_visible_date(text: str, day: str | None) -> None:
    assert visible_date(text) == day


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2021-01-07T10:00:00-07:00", "2021-01-07T10:00:00-07:00"),
        ("2021-01-07T17:00:00Z", "2021-01-07T17:00:00+00:00"),
        ("2021-01-07T17:00:00", "2021-01-07"),
        ("2021-01-07", "2021-01-07"),
        ("yesterday", None),
        (None, None),
    ],
)
def test_normalise_iso(value: str | None, iso: str | None) -> None:
    assert normalise_iso(value) == iso


def test_same_instant_and_rfc822() -> None:
    assert same_instant("2021-01-07T17:00:00+00:00", "2021-01-07T10:00:00-07:00")
    assert not same_instant("2021-01-07T17:00:01+00:00", "2021-01-07T10:00:00-07:00")
    assert same_instant("2021-01-07", "2021-01-07T10:00:00-07:00")
    assert not same_instant(None, "2021-01-07")
    assert rfc822_to_iso("Mon, 22 Aug 2022 16:00:00 +0000") == "2022-08-22T16:00:00+00:00"
    assert rfc822_to_iso("not a date") is None


@pytest.mark.parametrize(
    ("html", "clean"),
    [
        ("<p>Hi <strong>there</strong></p>", "<p>Hi <strong>there</strong></p>"),
        ('<p onclick="steal()">Hi</p><script>alert(1)</script>', "<p>Hi</p>"),
        ('<style>p{}</style><iframe src="https://evil.example/">x</iframe><p>ok</p>', "<p>ok</p>"),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="/about/" target="_blank">About</a>', '<a href="/about/">About</a>'),
        ('<img src="a.jpg" alt="Clamshell" class="x" onerror="y()">', '<img src="a.jpg" alt="Clamshell">'),
        ("<ul><li>one</li></ul>", "<ul><li>one</li></ul>"),
    ],
)
def test_sanitize_html(html: str, clean: str) -> None:
    assert sanitize_html(html) == clean


def test_text_helpers() -> None:
    assert collapse_whitespace("  Hold\xa0for \n 5-10\u200b seconds.  ") == "Hold for 5-10 seconds."
    assert count_words("Hold for 5-10 seconds.") == 4
    soup = make_tree(
        "<div><h3>Level 1<img alt='x'></h3><p>A<b>b</b> c</p><script>no</script><ul><li>d</li><li>e</li></ul></div>"
    )
    assert element_text(soup) == "Level 1 Ab c d e"


@pytest.mark.parametrize(
    ("title", "site", "result"),
    [
        ("Bridge Progression - Back In Step Physical Therapy", "Back In Step Physical Therapy", "Bridge Progression"),
        ("Bridge Progression | Back In Step Physical Therapy", "Back In Step Physical Therapy", "Bridge Progression"),
        ("Back In Step Physical Therapy", "Back In Step Physical Therapy", "Back In Step Physical Therapy"),
        ("Bridge Progression - Someone Else", "Back In Step Physical Therapy", "Bridge Progression - Someone Else"),
        ("Bridge Progression", None, "Bridge Progression"),
    ],
)
def test_strip_site_name(title: str, site: str | None, result: str) -> None:
    assert strip_site_name(title, site) == result
