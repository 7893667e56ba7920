"""Parser speed per page kind and post body accuracy, beside trafilatura's extraction of the same pages.

    .venv/bin/python -m bench.parsers              # the replica's blog (67 posts): about a minute
    .venv/bin/python -m bench.parsers --posts 300  # a generated blog of 300 posts

Speed: pages per CPU second of one process (so per core), parsing every page of the site once per round, URL
caches emptied before each round as a fresh parse worker has them. Accuracy: token F1 of each post's body text
against the words of the post body the replica renders from its content model (crawler.replica.bodies), never
from a parser's output.
"""

from __future__ import annotations

import argparse
import statistics
import string
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable

import trafilatura

from bench.corpus import BASE_URL, Sample, site_pages
from crawler.replica import build_site
from crawler.replica.bodies import body_html, plain_text
from parsers.page import parse_page


def empty_caches() -> None:
    """Forget everything the parsers remember (URLs, widgets, anchor texts), as a newly started parse worker has nothing."""
    for module in [module for name, module in sys.modules.items() if name.split(".")[0] == "parsers"]:
        for value in vars(module).values():
            if not isinstance(value, type) and callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def ours(sample: Sample) -> str:
    """blog-archive's body text of a page (the whole page is parsed)."""
    page = parse_page(sample.html, sample.url)
    return page.post.body_text if page.post else ""


def theirs(sample: Sample) -> str:
    """trafilatura's main text of a page."""
    return trafilatura.extract(sample.html, url=sample.url) or ""


def pages_per_second(extract: Callable[[Sample], str], samples: list[Sample], rounds: int) -> float:
    """Median over rounds of pages extracted per CPU second."""
    rates = []
    for _ in range(rounds):
        empty_caches()
        started = time.process_time()
        for sample in samples:
            extract(sample)
        rates.append(len(samples) / (time.process_time() - started))
    return statistics.median(rates)


def tokens(text: str) -> Counter[str]:
    """Lower-case words with surrounding punctuation removed."""
    words = (word.strip(string.punctuation + "“”‘’–—…").lower() for word in text.split())
    return Counter(word for word in words if word)


def f1(found: str, truth: str) -> float:
    """Token F1 of a found text against the true text."""
    got, want = tokens(found), tokens(truth)
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def main() -> None:
    """Print the speed table and the accuracy table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=None, help="a generated blog of this many posts")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    site = build_site(posts=options.posts)
    samples = site_pages(site)
    by_kind: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_kind[sample.kind].append(sample)
    print("\n### Pages per second per core (median of rounds)\n")
    print("| page kind | pages | blog-archive parse_page | trafilatura.extract | ratio |")
    print("|---|---:|---:|---:|---:|")
    for kind, group in sorted(by_kind.items(), key=lambda item: -len(item[1])):
        mine, other = pages_per_second(ours, group, options.rounds), pages_per_second(theirs, group, options.rounds)
        print(f"| {kind} | {len(group)} | {mine:.0f} | {other:.0f} | {mine / other:.2f} |")
        sys.stdout.flush()
    truths = {BASE_URL + post.path: plain_text(body_html(post, BASE_URL)) for post in site.posts}
    posts = [sample for sample in by_kind["post"] if sample.url in truths]
    extractors = (("ours", ours), ("trafilatura", theirs))
    scores = {name: [f1(extract(sample), truths[sample.url]) for sample in posts] for name, extract in extractors}
    print(f"\n### Post body text, token F1 against the content model ({len(posts)} posts)\n")
    print("| extractor | mean F1 | median F1 | lowest F1 | posts with F1 = 1 |")
    print("|---|---:|---:|---:|---:|")
    for name, label in (("ours", "blog-archive"), ("trafilatura", "trafilatura")):
        values = scores[name]
        perfect = sum(value > 0.9999 for value in values)
        mean, middle, lowest = statistics.mean(values), statistics.median(values), min(values)
        print(f"| {label} | {mean:.4f} | {middle:.4f} | {lowest:.4f} | {perfect} of {len(values)} |")


if __name__ == "__main__":
    main()
