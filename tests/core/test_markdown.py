from html.parser import HTMLParser

import pytest

from app.core.markdown import MediaEmbed, media_embed, render_markdown, sanitize_html


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """The elements a browser would build from `html`: (tag, attributes). Text is ignored."""
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


def unsafe_parts(html: str) -> list[str]:
    """Anything in `html` that could run script, restyle the page or frame another site."""
    bad = []
    for tag, attrs in elements(html):
        if tag in {"script", "style", "iframe", "object", "embed", "div", "span", "form", "input"}:
            bad.append(tag)
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                bad.append(f"{tag}[{name}]")
            if name in {"href", "src"} and not (value or "").lower().startswith(("http://", "https://", "mailto:", "/")):
                bad.append(f"{tag}[{name}={value}]")
    return bad


@pytest.mark.parametrize("source", [
    "<script>alert(1)</script>",
    '<img src="https://x.example/a.png" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](<javascript:alert(1)>)",
    '<a href="https://x.example" onclick="steal()">x</a>',
    '<p style="position:fixed">x</p>',
    '<iframe src="https://evil.example"></iframe>',
    "<div><b>raw</b></div>",
    "![x](data:image/png;base64,AAAA)",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[ref]\n\n[ref]: javascript:alert(1)",
])
def test_markdown_never_lets_raw_html_or_script_urls_through(source):
    html = render_markdown(source)
    assert unsafe_parts(html) == []
    assert all(tag in {"p", "a", "img"} for tag, _ in elements(html))


@pytest.mark.parametrize("html, forbidden", [
    ("<script>alert(1)</script>ok", "alert"),
    ('<img src="https://x.example/a.png" onerror="alert(1)">', "onerror"),
    ('<a href="javascript:alert(1)">x</a>', "javascript"),
    ('<p style="color:red" onclick="x()">x</p>', "style"),
    ('<p onclick="x()">x</p>', "onclick"),
    ('<iframe src="https://evil.example"></iframe>', "iframe"),
    ('<img src="mailto:a@b.example">', "mailto"),
    ('<img src="/relative.png">', "relative"),
    ('<code class="evil-class">x</code>', "evil"),
    ("<style>body{display:none}</style>", "display"),
    ('<a href="https://x.example" rel="opener">x</a>', '"opener"'),
])
def test_the_sanitizer_removes_what_markdown_could_not_produce_safely(html, forbidden):
    """The second lock: even HTML that bypassed markdown-it is cleaned."""
    assert forbidden not in sanitize_html(html)


def test_raw_html_in_markdown_shows_as_text():
    html = render_markdown("before <b onclick='x()'>bold</b> after")
    assert elements(html) == [("p", {})] and "&lt;b" in html


@pytest.mark.parametrize("source, expected", [
    ("| a | b |\n| --- | --- |\n| 1 | 2 |\n", ["<table>", "<th>a</th>", "<td>2</td>"]),
    ("```python\nprint('hi')\n```\n", ['<pre><code class="language-python">', "print('hi')"]),
    ("    indented code\n", ["<pre><code>indented code"]),
    ("# Title\n\n### Sub", ["<h1>Title</h1>", "<h3>Sub</h3>"]),
    ("- one\n- two\n\n3. three\n", ["<ul>", "<li>one</li>", '<ol start="3">']),
    ("> quoted", ["<blockquote>"]),
    ("![a chart](https://cdn.example/chart.png)", ['<img src="https://cdn.example/chart.png" alt="a chart">']),
    ("[docs](https://docs.example/x)", ['<a href="https://docs.example/x" rel="noopener noreferrer nofollow">docs</a>']),
    ("[mail us](mailto:sales@acme.example)", ['href="mailto:sales@acme.example"']),
    ("**bold** *em* `code` ~~gone~~", ["<strong>bold</strong>", "<em>em</em>", "<code>code</code>", "<s>gone</s>"]),
    ("Grüße, 東京, café ✓ — “quotes”", ["Grüße, 東京, café ✓ — “quotes”"]),
])
def test_markdown_keeps_what_lessons_need(source, expected):
    html = render_markdown(source)
    for fragment in expected:
        assert fragment in html


def test_empty_body_renders_to_nothing():
    assert render_markdown("") == ""


@pytest.mark.parametrize("url, expected", [
    ("https://www.youtube.com/watch?v=AcmeTour101", MediaEmbed("youtube", "https://www.youtube-nocookie.com/embed/AcmeTour101")),
    ("https://youtube.com/watch?v=AcmeTour101&t=42s", MediaEmbed("youtube", "https://www.youtube-nocookie.com/embed/AcmeTour101")),
    ("http://youtu.be/AcmeTour101", MediaEmbed("youtube", "https://www.youtube-nocookie.com/embed/AcmeTour101")),
    ("https://www.youtube.com/embed/AcmeTour101", MediaEmbed("youtube", "https://www.youtube-nocookie.com/embed/AcmeTour101")),
    ("https://vimeo.com/76979871", MediaEmbed("vimeo", "https://player.vimeo.com/video/76979871")),
    ("https://player.vimeo.com/video/76979871", MediaEmbed("vimeo", "https://player.vimeo.com/video/76979871")),
    ("https://cdn.example/intro.mp4", MediaEmbed("video", "https://cdn.example/intro.mp4")),
    ("https://cdn.example/intro.WEBM?sig=1", MediaEmbed("video", "https://cdn.example/intro.WEBM?sig=1")),
    ("https://cdn.example/clip.ogg", MediaEmbed("video", "https://cdn.example/clip.ogg")),
    ("https://cdn.example/talk.mp3", MediaEmbed("audio", "https://cdn.example/talk.mp3")),
    ("https://cdn.example/talk.m4a", MediaEmbed("audio", "https://cdn.example/talk.m4a")),
    ("https://cdn.example/talk.wav", MediaEmbed("audio", "https://cdn.example/talk.wav")),
])
def test_media_urls_become_embeds(url, expected):
    assert media_embed(url) == expected


@pytest.mark.parametrize("url", [
    None, "", "not a url", "ftp://cdn.example/a.mp4", "javascript:alert(1)//a.mp4", "file:///etc/a.mp4",
    "https://cdn.example/page.html", "https://cdn.example/mp4", "https://www.youtube.com/watch?v=short",
    "https://www.youtube.com/watch?v=AcmeTour101\"onload=x", "https://youtu.be/", "https://vimeo.com/channels/staff",
    "https://user:pw@cdn.example/a.mp4", "https://cdn.example:99999/a.mp4", "https://cdn.example/a b.mp4",
    "https://evil.example/youtube.com/watch?v=AcmeTour101",
])
def test_other_media_urls_are_refused(url):
    assert media_embed(url) is None
