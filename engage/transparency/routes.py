"""/transparency: the signed heads and how to check them; /transparency/verify: check a
receipt; /account/contributions: a person's own submissions, each with its receipt."""

from __future__ import annotations

from pathlib import Path

from flask import Response, abort, request
from flask_login import current_user, login_required

from engage.forms import form_status
from engage.htmx import render
from engage.ledger import events, receipts, service, signing
from engage.params import arg_int
from engage.transparency import bp, queries
from engage.transparency.forms import VerifyForm

SCRIPT = Path(receipts.__file__).with_name("verify_receipt.py")


@bp.get("/transparency")
def index():
    """The log's signed heads, the site's public key, and how anyone can check."""
    return render(
        "transparency/index.html",
        fragment="transparency/_heads.html",
        heads=queries.heads_page(arg_int("after")),
        latest=service.latest_head(),
        tree_size=service.tree_size(),
        public_key_pem=signing.public_key_pem(),
        key_id=signing.key_id(),
        head_minutes=receipts.head_minutes(),
    )


@bp.get("/transparency/verify_receipt.py")
def verifier_script():
    """The stand-alone checker, exactly the file the site runs."""
    return Response(
        SCRIPT.read_bytes(),
        mimetype="text/x-python",
        headers={"Content-Disposition": 'attachment; filename="verify_receipt.py"'},
    )


@bp.route("/transparency/verify", methods=["GET", "POST"])
def verify():
    """Paste or upload a receipt: valid (and in the latest signed head), or why not."""
    form = VerifyForm()
    result = receipts.check(form.receipt_text()) if form.validate_on_submit() else None
    return render(
        "transparency/verify.html",
        fragment="transparency/_verify_result.html",
        status=form_status(form),
        form=form,
        result=result,
    )


@bp.get("/account/contributions")
@login_required
def contributions():
    """Everything this person submitted, newest first, one kind at a time."""
    kind = _kind_arg()
    return render(
        "transparency/contributions.html",
        kind=kind,
        kinds=tuple(queries.CONTRIBUTION_KINDS),
        results=queries.contributions_page(current_user, kind, arg_int("after")),
    )


def _kind_arg() -> str:
    kind = request.args.get("kind", "comment")
    return kind if kind in queries.CONTRIBUTION_KINDS else "comment"


def _own_leaf(kind: str, item_id: int):
    own = queries.own_contribution(current_user, kind, item_id)
    if own is None:
        abort(404)
    return own, service.leaf_for(kind, events.public_id(item_id))


@bp.get("/account/contributions/<kind>/<int:item_id>/receipt")
@login_required
def receipt(kind: str, item_id: int):
    """The printable receipt (or, before the job has logged it, when to come back)."""
    own, leaf = _own_leaf(kind, item_id)
    return render(
        "transparency/receipt.html",
        own=own,
        receipt=receipts.build(leaf) if leaf is not None else None,
    )


@bp.get("/account/contributions/<kind>/<int:item_id>/receipt.json")
@login_required
def receipt_json(kind: str, item_id: int):
    own, leaf = _own_leaf(kind, item_id)
    if leaf is None:
        abort(404)
    name = f"engage-receipt-{kind}-{item_id}.json"
    return Response(
        receipts.to_json(receipts.build(leaf)),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
