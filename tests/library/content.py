"""What the fake web (fakeweb.py) serves: pages, a PDF, and feeds good and malicious."""
from __future__ import annotations

ARTICLE_WORDS = 690  # at 230 words a minute: 3 minutes

_PARAGRAPH = ("Onboarding is where a customer decides whether the product is worth learning; the "
              "first week deserves a plan of its own with clear steps and one person who owns them. ")  # 30 words


def _article_body(words: int) -> str:
    paragraphs, rest = divmod(words, 30)
    return "".join(f"<p>{_PARAGRAPH}</p>\n" for _ in range(paragraphs)) + "<p>" + " ".join(["word"] * rest) + "</p>"


ARTICLE = f"""<!doctype html>
<html lang="cs">
<head>
<meta charset="utf-8">
<title>Onboarding that sticks | Acme Blog</title>
<meta name="description" content="The plain description, which OpenGraph's outranks.">
<meta property="og:type" content="article">
<meta property="og:title" content="Onboarding that sticks: a week-one plan">
<meta property="og:description" content="How to plan a customer's first week &amp; keep them learning.">
<meta property="og:site_name" content="Acme Blog">
<meta property="og:image" content="/images/onboarding.png">
<meta property="og:locale" content="en_US">
<meta property="article:published_time" content="2026-03-02T09:00:00Z">
<script>var words = "these words are code and never read by anyone at all";</script>
<style>p {{ color: black; }}</style>
</head>
<body>
<nav>Home Blog Pricing Careers Contact Log in Sign up for our newsletter today</nav>
<article>
<h1></h1>
{_article_body(ARTICLE_WORDS)}
</article>
<footer>Copyright Acme, every right reserved, and a long list of legal words here</footer>
</body>
</html>""".encode()

PLAIN = b"""<html><head><title>Pricing &amp; plans</title>
<meta name="description" content="Three plans, one price per seat.">
</head><body><p>Short page.</p></body></html>"""

MESSY = ("<html lang='not a language!'><head><title>ignored</title>"
         f"<meta property='og:title' content='Bad\u202e title\x07 with\tcontrols {'x' * 1000}'>"
         "<meta name='twitter:description' content='line one\r\nline two\x01'>"
         "<meta property='og:image' content='http://insecure.example.com/picture.png'>"
         "<meta name='twitter:image' content='javascript:alert(1)'>"
         "<meta property='og:image:url' content='//cdn.example.com/safe.png'>"
         "</head><body></body></html>").encode()

LATIN1 = "<html><head><title>Café crème</title></head><body>Voilà</body></html>".encode("iso-8859-1")

EPISODE_PAGE = b"""<html lang="en"><head>
<meta property="og:type" content="website">
<meta property="og:title" content="Episode 12: Pricing pages that teach">
<meta property="og:audio" content="https://docs.example.com/audio/episode-12.mp3">
<meta property="music:duration" content="1830">
</head><body></body></html>"""

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Acme Customer Success</title>
  <link>https://blog.example.com/podcast</link>
  <language>en-us</language>
  <description>Conversations about onboarding.</description>
  <itunes:image href="https://feeds.example.com/show.jpg"/>
  <item>
    <title>Pricing pages that teach</title>
    <guid isPermaLink="false">acme-cs-12</guid>
    <link>https://blog.example.com/episode-12</link>
    <pubDate>Tue, 03 Mar 2026 09:30:00 +0100</pubDate>
    <itunes:duration>01:02:03</itunes:duration>
    <itunes:image href="https://feeds.example.com/ep12.jpg"/>
    <description><![CDATA[<p>We talk <b>pricing</b> pages.</p><script>alert(1)</script>
      <p>Then questions.</p>]]></description>
    <enclosure url="https://docs.example.com/audio/episode-12.mp3" length="5650889" type="audio/mpeg"/>
  </item>
  <item>
    <title>The first week</title>
    <guid>https://blog.example.com/episode-11</guid>
    <pubDate>Tue, 24 Feb 2026 08:00:00 GMT</pubDate>
    <itunes:duration>42:17</itunes:duration>
    <itunes:summary>Plain notes &amp; more.</itunes:summary>
    <enclosure url="https://docs.example.com/audio/episode-11.m4a" length="123" type="audio/x-m4a"/>
  </item>
  <item>
    <title>Welcome</title>
    <pubDate>not a date</pubDate>
    <itunes:duration>1800</itunes:duration>
    <enclosure url="https://docs.example.com/audio/episode-10.mp3" type="audio/mpeg"/>
  </item>
</channel>
</rss>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title></channel></rss>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&secret;</title></channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>An Atom feed</title></feed>"""
