"""The admin's list of topics: add, rename, reorder. Every change is audit-logged."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.consultations import bp, queries, service
from engage.consultations.forms import topic_form, topic_names_given
from engage.consultations.models import Topic
from engage.consultations.permissions import can_manage_topics
from engage.consultations.translations import topic_translations
from engage.extensions import db
from engage.forms import ActionForm, form_status
from engage.htmx import render


def _authorize() -> None:
    if not can_manage_topics(current_user):
        abort(403)


def _page(new_form=None, rename_forms=None, status=200):
    topics = queries.topics()
    rename_forms = rename_forms or {}
    for topic in topics:
        if topic.id not in rename_forms:
            names = {f"name_{code}": name for code, name in topic_translations(topic).items()}
            rename_forms[topic.id] = topic_form(f"topic-{topic.id}", name=topic.name, **names)
        rename_forms[topic.id].name.label.text = _("Name of “%(name)s”", name=topic.name)
    return render(
        "consultations/topics.html",
        topics=topics,
        rename_forms=rename_forms,
        new_form=new_form or topic_form("new"),
        status=status,
    )


@bp.route("/topics", methods=["GET", "POST"])
@login_required
def manage_topics():
    _authorize()
    form = topic_form("new")
    if form.validate_on_submit():
        topic = service.add_topic(current_user, form.name.data, topic_names_given(form))
        flash(_("Topic “%(name)s” added.", name=topic.name), "success")
        return redirect(url_for(".manage_topics"), 303)
    return _page(new_form=form, status=form_status())


@bp.post("/topics/<int:topic_id>")
@login_required
def rename_topic(topic_id: int):
    _authorize()
    topic = db.get_or_404(Topic, topic_id)
    form = topic_form(f"topic-{topic.id}")
    if not form.validate_on_submit():
        return _page(rename_forms={topic.id: form}, status=422)
    renamed = topic.name != form.name.data
    if service.rename_topic(current_user, topic, form.name.data, topic_names_given(form)):
        if renamed:
            flash(_("Topic renamed to “%(name)s”.", name=topic.name), "success")
        else:
            flash(_("Topic “%(name)s” saved.", name=topic.name), "success")
    return redirect(url_for(".manage_topics"), 303)


@bp.post("/topics/<int:topic_id>/move")
@login_required
def move_topic(topic_id: int):
    _authorize()
    topic = db.get_or_404(Topic, topic_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if service.move_topic(current_user, topic, request.form.get("direction", "")):
        flash(_("Topic “%(name)s” moved.", name=topic.name), "success")
    return redirect(url_for(".manage_topics"), 303)
