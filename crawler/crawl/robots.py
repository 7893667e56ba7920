"""robots.txt rules, parsed by Protego (wildcards, Allow/Disallow precedence, Crawl-delay)."""

from __future__ import annotations

from dataclasses import dataclass

from protego import Protego


@dataclass(frozen=True)
class RobotsRules:
    """The rules robots.txt gives one user agent; an absent robots.txt allows everything."""

    parser: Protego
    user_agent: str

    @classmethod
    def parse(cls, text: str, user_agent: str) -> RobotsRules:
        """Rules from the text of a robots.txt."""
        return cls(Protego.parse(text), user_agent)

    @classmethod
    def allow_all(cls, user_agent: str) -> RobotsRules:
        """Rules for a site with no usable robots.txt (404, or not text)."""
        return cls.parse("", user_agent)

    def allowed(self, url: str) -> bool:
        """Whether this user agent may fetch the URL."""
        return bool(self.parser.can_fetch(url, self.user_agent))

    def crawl_delay(self) -> float | None:
        """Crawl-delay in seconds for this user agent, if robots.txt gives one."""
        delay = self.parser.crawl_delay(self.user_agent)
        return float(delay) if delay is not None else None

    def sitemaps(self) -> list[str]:
        """Sitemap URLs robots.txt lists."""
        return list(self.parser.sitemaps)
