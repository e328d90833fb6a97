"""The demo library: approved items of several kinds with their details already stored, so a
laptop fetches nothing to show them — a video to try the player, reference articles on the demo
course's topics, and a PDF written here (the demo company's security overview)."""
from __future__ import annotations

from fpdf import FPDF
from sqlalchemy import select

from app.accounts import service as accounts
from app.core.extensions import db
from app.learning.certificates import FONTS
from app.library import service as library
from app.library.models import Details, ItemKind, ItemStatus, LibraryItem
from app.library.service import ItemChanges


# (kind, title, summary, address, source, minutes, topics; for a video its embed address)
ITEMS = [
    (ItemKind.VIDEO, "Big Buck Bunny: try the library's player",
     "A short open film by the Blender Foundation (CC BY 3.0), here to show how videos play inside the "
     "academy, through YouTube's privacy-enhanced player.",
     "https://www.youtube.com/watch?v=aqz-KE-bpKQ", "YouTube", 10, ["overview"],
     "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"),
    (ItemKind.ARTICLE, "Single sign-on, explained",
     "What single sign-on is, how SAML and OpenID Connect differ, and why security teams ask for it first: "
     "background for the Security, privacy and single sign-on lesson.",
     "https://en.wikipedia.org/wiki/Single_sign-on", "Wikipedia", 12, ["security", "single-sign-on"], None),
    (ItemKind.ARTICLE, "What a key performance indicator is",
     "The idea behind every dashboard tile: choosing the few numbers a team steers by, and defining them once.",
     "https://en.wikipedia.org/wiki/Performance_indicator", "Wikipedia", 10, ["dashboards", "overview"], None),
    (ItemKind.LINK, "Data warehouses in one page",
     "Where Acme's connected sources end up, and why analytics tools read from one place.",
     "https://en.wikipedia.org/wiki/Data_warehouse", "Wikipedia", 15, ["integrations"], None),
]
DOCUMENT = ("Acme Analytics security overview",
            "Encryption, data regions, access controls and certifications on four short pages, "
            "for the security review of an evaluation.", ["security", "pricing"], 6)


def seed_library(curator_email: str) -> list[LibraryItem]:
    """Add the demo items, approved by the demo author; nothing if the library has items already."""
    if db.session.scalar(select(LibraryItem.id).limit(1)) is not None:
        return []
    curator = accounts.find_by_email(curator_email)
    if curator is None:
        return []
    added = []
    for kind, title, summary, url, source, minutes, topics, embed in ITEMS:
        item = LibraryItem(kind=kind, status=ItemStatus.DRAFT, url=url, source=source, details=Details.FETCHED,
                           embed_provider="YouTube" if embed else None, embed_url=embed, created_by_id=curator.id,
                           thumbnail_url=f"https://i.ytimg.com/vi/{embed.rsplit('/', 1)[1]}/hqdefault.jpg" if embed else None)
        library.add(item, by_id=curator.id)
        added.append(_approved(item, ItemChanges(title=title, summary=summary, kind=kind.value, topics=topics,
                                                 language="en", minutes=minutes, source=source), curator.id))
    title, summary, topics, minutes = DOCUMENT
    item = library.add_document("acme-security-overview.pdf", _security_overview(), by_id=curator.id)
    added.append(_approved(item, ItemChanges(title=title, summary=summary, kind="document", topics=topics,
                                             language="en", minutes=minutes, source="Acme Analytics"), curator.id))
    return added


def _approved(item: LibraryItem, changes: ItemChanges, by_id: int) -> LibraryItem:
    library.edit(item, changes, version=None)
    library.move(item, ItemStatus.APPROVED, by_id=by_id, reason="demo content")
    return item


def _security_overview() -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_font("Sans", "", FONTS / "DejaVuSans.ttf")
    pdf.add_font("Sans", "B", FONTS / "DejaVuSans-Bold.ttf")
    sections = [
        ("Acme Analytics security overview", None),
        ("Encryption", "Data is encrypted in transit with TLS 1.2 or newer and at rest with AES-256. Keys are "
                       "rotated yearly and held in a managed key service."),
        ("Data regions", "Each workspace chooses the EU (Frankfurt) or US (Virginia) region when it is "
                         "created; data never leaves that region."),
        ("Access", "Acme staff see no customer data unless a workspace admin grants time-limited support "
                   "access; every such session is logged. On the Enterprise plan, people sign in through "
                   "the customer's identity provider (SAML 2.0 single sign-on) and are provisioned by SCIM."),
        ("Certifications", "SOC 2 Type II and ISO 27001; reports are available under NDA."),
    ]
    pdf.add_page()
    for heading, text in sections:
        pdf.set_font("Sans", "B", 18 if text is None else 13)
        pdf.multi_cell(0, 10, heading, new_x="LMARGIN", new_y="NEXT")
        if text:
            pdf.set_font("Sans", "", 11)
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    return bytes(pdf.output())
