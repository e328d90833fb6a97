from markupsafe import escape

from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.crm.models import CrmSync
from app.scoring.models import LeadScore, LeadStage


def test_demo_seed_installs_the_model_and_prospects_once(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    assert "Installed the default scoring model" in first.output and "Added 6 demo prospects" in first.output
    stages = dict(db.session.execute(select(User.email, LeadScore.stage).join(LeadScore, LeadScore.user_id == User.id)).all())
    assert stages["dana.whitfield@northwind-logistics.com"] is LeadStage.SQL
    assert stages["sam.lee.learns@gmail.com"] is LeadStage.LEAD
    assert stages["marco.rossi@globex-corp.com"] in (LeadStage.MQL, LeadStage.SQL)
    # Jonas qualifies too but gave no consent: nothing waits for HubSpot for him
    queued = set(db.session.scalars(select(User.email).join(CrmSync, CrmSync.user_id == User.id)))
    assert "dana.whitfield@northwind-logistics.com" in queued and "jonas.berg@umbrella-health.com" not in queued

    second = runner.invoke(args=["demo", "seed"])
    assert second.exit_code == 0 and "demo prospects" not in second.output
    assert db.session.scalar(select(func.count()).select_from(User).where(User.role == Role.LEARNER)) == 6


def test_demo_seed_brands_the_portal_unless_an_admin_already_did(app, db, client):
    from app.site import branding
    from app.site.models import BrandImage

    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "seed"])
    assert "Branded the portal as Acme Analytics Academy" in first.output
    brand = branding.settings()
    assert (brand.name, brand.color, brand.contact_url) == (
        "Acme Analytics Academy", "#0f766e", "mailto:academy@acme-analytics.example")
    logo = db.session.get(BrandImage, "logo")
    assert logo.data.startswith(b"\x89PNG") and (logo.width, logo.height) == (300, 300)  # the SVG, drawn
    assert db.session.get(BrandImage, "favicon") is not None
    html = client.get("/").get_data(as_text=True)
    assert "· Acme Analytics Academy</title>" in html and "/brand/logo.png?v=1" in html

    branding.save_brand(branding.BrandChanges(name="Globex Learning"))
    db.session.commit()
    again = runner.invoke(args=["demo", "seed"])
    assert again.exit_code == 0 and "Branded" not in again.output
    assert branding.settings().name == "Globex Learning"


def test_the_made_up_prospects_are_not_mailed(app, db, outbox):
    from app.core.models import OutgoingMail

    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    assert outbox == [] and db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 0


def test_demo_seed_fills_the_library_with_approved_items_of_several_kinds(app, db, client):
    from app.library.models import ItemStatus, LibraryItem

    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 0 and "Added 5 approved library items" in result.output, result.output
    items = db.session.scalars(select(LibraryItem).order_by(LibraryItem.id)).all()
    assert {item.status for item in items} == {ItemStatus.APPROVED}
    assert {item.kind.value for item in items} == {"video", "article", "link", "document"}
    video = items[0]
    assert video.embed_url.startswith("https://www.youtube-nocookie.com/embed/")
    document = next(item for item in items if item.document is not None)
    assert document.document.data.startswith(b"%PDF-") and document.topic_names == ["security", "pricing"]
    page = client.get("/library").get_data(as_text=True)
    assert all(str(escape(item.title)) in page for item in items)
    assert f'src="{video.embed_url}"' in client.get(f"/library/{video.id}").get_data(as_text=True)
    again = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert "library items" not in again.output
