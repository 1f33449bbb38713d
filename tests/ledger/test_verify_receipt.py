"""engage/ledger/verify_receipt.py: what a resident downloads and runs alone. It stands
alone (a subprocess where engage cannot be imported), and a malformed or forged receipt
is "not valid, because …", never a crash."""

from __future__ import annotations

import ast
import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from engage.extensions import db
from engage.ledger import service, signing, verify
from engage.ledger import verify_receipt as standalone
from engage.ledger.verify_receipt import ProofError
from tests.ledger.helpers import content_of, log_comment, receipt

SCRIPT = Path(standalone.__file__)


@pytest.fixture
def issued():
    leaves = [log_comment(n) for n in range(6)]
    head = service.sign_head()
    db.session.commit()
    return receipt(leaves[4], head, content_of(4))


def test_it_imports_only_the_standard_library_and_cryptography():
    tree = ast.parse(SCRIPT.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert imported - set(sys.stdlib_module_names) == {"cryptography"}


def _run_alone(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    script = tmp_path / "verify_receipt.py"
    shutil.copy(SCRIPT, script)
    runner = (
        "import sys, runpy\n"
        "sys.modules['engage'] = None  # engage cannot be imported here\n"
        "try:\n    import engage\nexcept ImportError:\n    pass\n"
        "else:\n    raise SystemExit('engage was importable')\n"
        f"sys.argv = ['verify_receipt.py', *{list(args)!r}]\n"
        "runpy.run_path('verify_receipt.py', run_name='__main__')\n"
    )
    return subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-I", "-c", runner],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_runs_alone_and_accepts_a_good_receipt(tmp_path, issued):
    (tmp_path / "receipt.json").write_text(json.dumps(issued), encoding="utf-8")
    key = signing.public_key_bytes().hex()
    done = _run_alone(tmp_path, "receipt.json", "--public-key", key)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Valid: entry 4 (comment 4) is in the signed head of 6 entries." in done.stdout


def test_it_runs_alone_and_says_why_a_forged_receipt_is_not_valid(tmp_path, issued):
    forged = copy.deepcopy(issued)
    forged["content"]["text"] = "Words put in the author's mouth"
    (tmp_path / "receipt.json").write_text(json.dumps(forged), encoding="utf-8")
    done = _run_alone(tmp_path, "receipt.json", "--public-key", signing.public_key_bytes().hex())
    assert done.returncode == 1
    assert done.stdout.strip() == (
        "Not valid, because the text in the receipt is not the text that was logged."
    )
    (tmp_path / "receipt.json").write_text("{not json", encoding="utf-8")
    done = _run_alone(tmp_path, "receipt.json")
    assert done.returncode == 1 and done.stdout.startswith("Not valid, because the receipt cannot")


def _set(receipt: dict, path: str, value) -> dict:
    changed = copy.deepcopy(receipt)
    *parents, last = path.split(".")
    target = changed
    for name in parents:
        target = target[name]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return changed


@pytest.mark.parametrize(
    ("path", "value", "reason"),
    [
        ("receipt_version", 2, "version is not 1"),
        ("leaf", KeyError, "has no 'leaf'"),
        ("leaf.index", "4", "entry's number is missing"),
        ("leaf.index", 5, "inclusion proof does not lead to the root"),
        ("leaf.entry", None, "entry is not text"),
        ("leaf.entry", '{"kind":"comment"}', "does not give the leaf hash"),
        ("leaf.leaf_hash", "zz", "not hexadecimal"),
        ("leaf.leaf_hash", "00" * 31, "not 32 bytes"),
        ("leaf.public_id", "5", "kind and id are not the receipt's"),
        ("content", {"text": "other"}, "not the text that was logged"),
        ("head", None, "signed head is missing"),
        ("head", [], "signed head is missing"),
        ("head.tree_size", 7, "signature is not the site's"),
        ("head.tree_size", -1, "tree size is missing or not a whole number"),
        ("head.root_hash", "00" * 32, "signature is not the site's"),
        ("head.signature", "00" * 64, "signature is not the site's"),
        ("head.timestamp", True, "time is missing"),
        ("inclusion_proof", "abc", "inclusion proof is not a list"),
        ("inclusion_proof", [], "shorter than the tree is deep"),
        ("inclusion_proof", ["00" * 32] * 2, "does not lead to the root"),
        ("inclusion_proof", [None], "step 1 of the inclusion proof is missing"),
    ],
)
def test_a_wrong_receipt_says_why(issued, path, value, reason):
    with pytest.raises(ProofError, match=reason):
        verify.check_receipt(_set(issued, path, value))


@pytest.mark.parametrize("junk", [None, [], "receipt", 3, {"receipt_version": 1}])
def test_junk_is_not_a_receipt(junk):
    log_comment(0)
    service.sign_head()
    with pytest.raises(ProofError):
        verify.check_receipt(junk)


def test_a_proof_for_another_tree_is_refused(issued):
    for n in range(6, 9):
        log_comment(n)
    later = service.sign_head()
    # The head of 9 entries, with the proof that was for the tree of 6.
    mixed = _set(issued, "head", service.head_json(later))
    with pytest.raises(ProofError, match="inclusion proof is shorter than the tree is deep"):
        verify.check_receipt(mixed)


def test_another_sites_key_is_refused(issued):
    other = signing.parse_private_key(signing.new_key_pem()).public_key()
    raw = other.public_bytes_raw()
    with pytest.raises(ProofError, match="signature is not the site's"):
        standalone.check_receipt(issued, raw)
