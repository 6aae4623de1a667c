"""Find active content in built HTML: every element and every attribute of a page, as a browser
would read them (html.parser unescapes entities in attribute values, so ``&#106;avascript:`` is
seen as ``javascript:``).

``findings(page_path, html)`` returns what must never come from data, whatever the site:
event-handler attributes, URLs whose scheme is not http/https/mailto (after the clean-up browsers
do: leading/trailing C0 controls and spaces stripped, tabs and newlines removed anywhere), resources
loaded from another site (src, srcset, poster, data, style url(), <link> other than rel=alternate /
canonical), and a <meta http-equiv=refresh>.

``signatures(page_path, html)`` returns the page's elements that may run or submit something:
<script> (src resolved against the page, or inline code with the page's depth normalised), <form>,
<iframe>, <object>, <embed>, <frame>, <applet>, <base>, <style>, <link rel=stylesheet|preload|…>.
A hostile build may only hold signatures that a build of the plain sample archive also holds —
that is how the site's own scripts (Material's bundle, archive-search.js, Material's inline
bootstrap snippets, the __config JSON) are told apart from anything that came from data.
"""
from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser

SAFE_SCHEMES = {"http", "https", "mailto"}
# Attributes whose value is (or holds) a URL a browser follows or loads.
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "cite",
             "longdesc", "manifest", "icon", "ping", "lowsrc", "dynsrc", "codebase", "archive", "classid",
             "usemap", "profile", "itemtype", "content-url"}
SRCSET_ATTRS = {"srcset", "imagesrcset"}
# Attributes that load a resource (a third-party host here is a leak even with an http(s) scheme).
LOADING_ATTRS = {"src", "poster", "data", "background", "lowsrc", "dynsrc", "codebase", "archive", "manifest", "icon"}
ACTIVE_TAGS = {"script", "form", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "style",
               "portal", "noembed", "meta-refresh"}
CSS_URL = re.compile(r"url\s*\(\s*(['\"]?)(.*?)\1\s*\)|@import\s+(['\"])(.*?)\3", re.I | re.S)
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_DEPTH = re.compile(r'(?<=["(])(?:\.{1,2}/?)+(?=["/])|(?<=["(])/(?=["])')


def browser_url(value: str) -> str:
    """A URL as a browser's URL parser sees it before reading the scheme."""
    value = value.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16"
                        "\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    return re.sub(r"[\t\n\r]", "", value)


def scheme(value: str) -> str | None:
    m = SCHEME.match(browser_url(value))
    return m.group(1).lower() if m else None


def off_site(value: str) -> bool:
    """True when loading ``value`` fetches from another host (absolute or protocol-relative URL)."""
    v = browser_url(value).replace("\\", "/")
    return bool(scheme(v)) or v.startswith("//")


def resolve(page: str, url: str) -> str:
    """A same-site URL as a path from the site root (page = the page's path from the site root)."""
    url = browser_url(url).split("#", 1)[0].split("?", 1)[0]
    if url.startswith("/"):
        return posixpath.normpath(url.lstrip("/")) if url.strip("/") else "."
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), url))


class _Scanner(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.found: list[str] = []
        self.sigs: list[tuple] = []
        self._script: list | None = None
        self._style: list | None = None

    # -- elements ---------------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)
        if tag == "script":
            self._script = [dict(attrs), []]
        elif tag == "style":
            self._style = []

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)
        if tag == "script":
            self._script = [dict(attrs), []]
            self.handle_endtag("script")

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)
        if self._style is not None:
            self._style.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            attrs, body = self._script
            self._script = None
            if attrs.get("src") is not None:
                src = attrs["src"] or ""
                where = src if off_site(src) else resolve(self.page, src)
                self.sigs.append(("script", "src", where, tuple(sorted((k, v) for k, v in attrs.items() if k != "src"))))
            else:
                code = _DEPTH.sub("REL", "".join(body))
                self.sigs.append(("script", "inline", tuple(sorted(attrs.items())), code))
        elif tag == "style" and self._style is not None:
            css, self._style = "".join(self._style), None
            self.sigs.append(("style", css))
            self._css(css, "<style>")

    def _element(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>: event handler attribute")
            if name in URL_ATTRS and value.strip():
                s = scheme(value)
                if s and s not in SAFE_SCHEMES:
                    self.found.append(f"<{tag} {name}={value!r}>: {s}: URL")
                if name in LOADING_ATTRS and off_site(value):
                    self.found.append(f"<{tag} {name}={value!r}>: loads a third-party resource")
            if name in SRCSET_ATTRS:
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0] if candidate.strip() else ""
                    if url and (off_site(url) or (scheme(url) and scheme(url) not in SAFE_SCHEMES)):
                        self.found.append(f"<{tag} {name}={value!r}>: srcset candidate {url!r}")
            if name == "style":
                self._css(value, f"<{tag} style>")
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.found.append(f"<meta http-equiv=refresh content={a.get('content')!r}>")
        if tag == "link":
            rel = a.get("rel", "").lower().split()
            href = a.get("href", "")
            if set(rel) - {"alternate", "canonical", "next", "prev"}:
                where = href if off_site(href) else resolve(self.page, href)
                self.sigs.append(("link", tuple(sorted(rel)), where))
                if off_site(href):
                    self.found.append(f"<link rel={a.get('rel')!r} href={href!r}>: loads a third-party resource")
        if tag in ACTIVE_TAGS - {"script", "style"}:
            where = {k: (resolve(self.page, v) if k in URL_ATTRS and v and not off_site(v) else v) for k, v in a.items()}
            self.sigs.append((tag, tuple(sorted(where.items()))))

    def _css(self, css: str, where: str):
        for m in CSS_URL.finditer(css):
            url = m.group(2) if m.group(2) is not None else m.group(4)
            s = scheme(url)
            if (s and s not in SAFE_SCHEMES) or off_site(url):
                self.found.append(f"{where}: url({url!r})")
        if re.search(r"expression\s*\(|behavior\s*:|-moz-binding", css, re.I):
            self.found.append(f"{where}: scripted CSS {css[:80]!r}")


def scan(page: str, html: str) -> tuple[list[str], list[tuple]]:
    s = _Scanner(page)
    s.feed(html)
    s.close()
    return s.found, s.sigs


def findings(page: str, html: str) -> list[str]:
    return scan(page, html)[0]


def signatures(page: str, html: str) -> list[tuple]:
    return scan(page, html)[1]
