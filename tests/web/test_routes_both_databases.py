"""The core routes on SQLite and on a real PostgreSQL server (the store's ``db_url`` fixture)."""
from __future__ import annotations

from itertools import count

from sqlalchemy import func, select

from duban.settings import Settings
from duban.store.db import session_scope
from duban.store.models import ProgressReport
from duban.web.app import create_app
from duban.work.demo import populate
from tests.web.conftest import NOW, TODAY, Browser, Clock


def test_report_review_publish_and_conflict(db_url):
    numbers = count()
    demo = populate(db_url, today=TODAY, password=lambda: f"pw-{next(numbers)}")
    assert all(r.status == "imported" for r in demo.imports)
    app = create_app(Settings(database_url=db_url, secret_key="k"), clock=Clock(NOW))
    reporter_account, admin_account = demo.account("reporter", "区发改委"), demo.account("admin")
    with Browser(app) as reporter, Browser(app) as admin, Browser(app) as other, Browser(app) as public:
        for client, account in ((reporter, reporter_account), (admin, admin_account),
                                (other, demo.account("reporter", "区财政局"))):
            assert client.login(account.username, account.password).status_code == 303
        [group] = reporter.get("/my?format=json").json()
        round_id, task_id = group["round_id"], group["tasks"][0]["task_id"]
        assert reporter.submit(f"/my/{round_id}/{task_id}", {"item": ["甲稿"], "base_version": 0,
                                                             "action": "submit"}).status_code == 303
        stale = reporter.submit(f"/my/{round_id}/{task_id}?format=json", {"item": ["乙稿"], "base_version": 0,
                                                                          "action": "submit"})
        assert stale.status_code == 409 and stale.json()["theirs"] == ["甲稿"]
        assert other.get(f"/my/{round_id}/{task_id}").status_code == 404
        [waiting] = [r for r in admin.get("/review?format=json").json() if r["task_id"] == task_id]
        assert admin.submit(f"/review/{waiting['report_id']}", {"decision": "approve", "comment": "",
                                                                 "status": "done",
                                                                 "base_version": waiting["version"]}).status_code == 303
        assert public.get(f"/open?round_id={round_id}&format=json").json()["round"]["id"] != round_id
        assert admin.submit(f"/rounds/{round_id}/publish").status_code == 303
        board = public.get(f"/open?round_id={round_id}&format=json").json()
        assert board["round"]["id"] == round_id
        assert {s["status"]: s["count"] for s in board["summary"]["statuses"]}["done"] == 1
    with session_scope(db_url) as session:
        states = list(session.scalars(select(ProgressReport.state).where(
            ProgressReport.task_id == task_id, ProgressReport.round_id == round_id).order_by(ProgressReport.version)))
        assert states == ["submitted", "approved", "published"]
        assert session.scalar(select(func.count()).select_from(ProgressReport)) > 60
