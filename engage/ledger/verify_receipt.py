"""Check an Engage receipt on your own computer: python3 verify_receipt.py receipt.json

This file stands alone: it needs Python 3.11+ and, to check signatures, the
`cryptography` package; it imports nothing from Engage. The site uses the same hashing
and proof checks (engage.ledger.merkle imports them from here), so what you run is what
the site runs.

The log is an RFC 9162 (Certificate Transparency 2.0) Merkle tree over SHA-256:
a leaf's hash is SHA-256(0x00 || entry), an inner node's SHA-256(0x01 || left || right).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import urllib.parse
import urllib.request

HASH_SIZE = 32
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"


class ProofError(ValueError):
    """A proof, head or receipt that does not check out; str() says why."""


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(LEAF_PREFIX + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def empty_root() -> bytes:
    return hashlib.sha256(b"").digest()


def _check_hash(value: bytes, what: str) -> None:
    if not isinstance(value, bytes | bytearray) or len(value) != HASH_SIZE:
        raise ProofError(f"{what} is not a {HASH_SIZE}-byte SHA-256 hash")


def root_from_inclusion_proof(index: int, size: int, leaf: bytes, proof: list[bytes]) -> bytes:
    """The root that ``proof`` leads to from leaf number ``index`` (from 0) of a tree of
    ``size`` leaves (RFC 9162, 2.1.3.2)."""
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of {size} entries")
    _check_hash(leaf, "the leaf hash")
    fn, sn, r = index, size - 1, leaf
    for number, p in enumerate(proof):
        _check_hash(p, f"step {number + 1} of the inclusion proof")
        if sn == 0:
            raise ProofError("the inclusion proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the inclusion proof is shorter than the tree is deep")
    return r


def verify_inclusion(index: int, size: int, leaf: bytes, proof: list[bytes], root: bytes) -> None:
    """Raise ProofError unless ``proof`` shows the leaf at ``index`` in the tree ``root``."""
    _check_hash(root, "the root hash")
    if root_from_inclusion_proof(index, size, leaf, proof) != root:
        raise ProofError(f"the inclusion proof does not lead to the root of the tree of {size}")


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: list[bytes]
) -> None:
    """Raise ProofError unless ``proof`` shows the tree of ``second`` entries (``second_root``)
    only adds entries to the tree of ``first`` (``first_root``) (RFC 9162, 2.1.4.2)."""
    _check_hash(first_root, "the earlier root hash")
    _check_hash(second_root, "the later root hash")
    if not 0 <= first <= second:
        raise ProofError(f"a tree of {second} entries cannot extend one of {first}")
    if first == second:
        if proof:
            raise ProofError("two heads of the same size need no proof, but one was given")
        if first_root != second_root:
            raise ProofError(f"two different roots for the same tree size {first}")
        return
    if first == 0:
        if proof:
            raise ProofError("the empty tree needs no proof, but one was given")
        return
    if not proof:
        raise ProofError("the consistency proof is empty")
    for number, p in enumerate(proof):
        _check_hash(p, f"step {number + 1} of the consistency proof")
    path = list(proof)
    if first & (first - 1) == 0:  # a power of two: the earlier tree is a node of the later
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("the consistency proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the consistency proof is shorter than the tree is deep")
    if fr != first_root:
        raise ProofError(
            f"the log's first {first} entries are not the ones the earlier head signed: "
            "entries were changed or removed"
        )
    if sr != second_root:
        raise ProofError(f"the consistency proof does not lead to the root of the tree of {second}")


def head_message(tree_size: int, timestamp: int, root_hash: bytes) -> bytes:
    """What a head's signature covers: RFC 9162's TreeHeadDataV2 (section 4.10), TLS
    encoded: timestamp and tree size as 64-bit big-endian, the root hash with a one-byte
    length, and an empty two-byte extension list."""
    _check_hash(root_hash, "the head's root hash")
    if not 0 <= tree_size < 2**64 or not 0 <= timestamp < 2**64:
        raise ProofError("the head's tree size or time is out of range")
    return (
        timestamp.to_bytes(8, "big")
        + tree_size.to_bytes(8, "big")
        + bytes([len(root_hash)])
        + bytes(root_hash)
        + b"\x00\x00"
    )


def verify_head_signature(
    public_key: bytes, tree_size: int, timestamp: int, root_hash: bytes, signature: bytes
) -> None:
    """Raise ProofError unless the Ed25519 ``signature`` by ``public_key`` (32 raw bytes)
    covers this head."""
    # Here, not at the top: hashes and proofs check without the cryptography package.
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = Ed25519PublicKey.from_public_bytes(bytes(public_key))
    except ValueError:
        raise ProofError("the public key is not an Ed25519 key") from None
    try:
        key.verify(bytes(signature), head_message(tree_size, timestamp, root_hash))
    except InvalidSignature:
        raise ProofError("the head's signature is not the site's: the head was altered") from None


def _hex(value: object, what: str, size: int | None = HASH_SIZE) -> bytes:
    if not isinstance(value, str):
        raise ProofError(f"{what} is missing or not text")
    try:
        raw = bytes.fromhex(value)
    except ValueError:
        raise ProofError(f"{what} is not hexadecimal") from None
    if size is not None and len(raw) != size:
        raise ProofError(f"{what} is not {size} bytes long")
    return raw


def _number(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ProofError(f"{what} is missing or not a whole number")
    return value


def _field(container: object, name: str, what: str) -> object:
    if not isinstance(container, dict) or name not in container:
        raise ProofError(f"the {what} has no {name!r}")
    return container[name]


def _head(head: object, what: str) -> tuple[int, int, bytes, bytes]:
    if not isinstance(head, dict):
        raise ProofError(f"the {what} is missing")
    return (
        _number(_field(head, "tree_size", what), f"the {what}'s tree size"),
        _number(_field(head, "timestamp", what), f"the {what}'s time"),
        _hex(_field(head, "root_hash", what), f"the {what}'s root hash"),
        _hex(_field(head, "signature", what), f"the {what}'s signature", 64),
    )


def _step(number: int, proof: str) -> str:
    return f"step {number + 1} of the {proof} proof"


def _canonical(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def check_receipt(
    receipt: object,
    public_key: bytes,
    latest_head: dict | None = None,
    consistency: list | None = None,
) -> dict:
    """Check a receipt; raise ProofError saying why it is not valid.

    ``public_key`` is the site's (not the one written in the receipt). With
    ``latest_head`` (as published) and the ``consistency`` proof (hex strings) from the
    receipt's head to it, also check that the latest head still holds the entry.
    Returns what was checked: the entry's index, kind and id, and the heads' sizes.
    """
    if not isinstance(receipt, dict):
        raise ProofError("the receipt is not a JSON object")
    if receipt.get("receipt_version") != 1:
        raise ProofError("the receipt's version is not 1")
    leaf = _field(receipt, "leaf", "receipt")
    index = _number(_field(leaf, "index", "leaf"), "the entry's number")
    entry = _field(leaf, "entry", "leaf")
    if not isinstance(entry, str):
        raise ProofError("the entry is not text")
    hashed = _hex(_field(leaf, "leaf_hash", "leaf"), "the leaf hash")
    if leaf_hash(entry.encode()) != hashed:
        raise ProofError("the entry's text does not give the leaf hash: the entry was altered")
    try:
        logged = json.loads(entry)
    except ValueError:
        raise ProofError("the entry is not JSON") from None
    if not isinstance(logged, dict) or _canonical(logged) != entry.encode():
        raise ProofError("the entry is not in canonical form")
    if (logged.get("kind"), logged.get("id")) != (leaf.get("kind"), leaf.get("public_id")):
        raise ProofError("the entry's kind and id are not the receipt's")
    content = receipt.get("content")
    if content is not None:
        digest = hashlib.sha256(_canonical(content)).hexdigest()
        logged_content = logged.get("content")
        expected = None
        if isinstance(logged_content, dict):
            expected = logged_content.get("content_sha256")
        if digest != expected:
            raise ProofError("the text in the receipt is not the text that was logged")
    size, timestamp, root, signature = _head(receipt.get("head"), "receipt's signed head")
    verify_head_signature(public_key, size, timestamp, root, signature)
    proof = _field(receipt, "inclusion_proof", "receipt")
    if not isinstance(proof, list):
        raise ProofError("the inclusion proof is not a list")
    path = [_hex(step, _step(n, "inclusion")) for n, step in enumerate(proof)]
    verify_inclusion(index, size, hashed, path, root)
    checked = {"index": index, "kind": leaf.get("kind"), "public_id": leaf.get("public_id")}
    checked["head_size"] = size
    if latest_head is None:
        return checked
    last_size, last_time, last_root, last_signature = _head(latest_head, "latest head")
    verify_head_signature(public_key, last_size, last_time, last_root, last_signature)
    if last_size < size:
        raise ProofError(
            f"the latest head has {last_size} entries, fewer than the {size} of the receipt's "
            "head: entries were removed from the log"
        )
    if not isinstance(consistency, list):
        raise ProofError("no consistency proof to the latest head")
    path = [_hex(step, _step(n, "consistency")) for n, step in enumerate(consistency)]
    verify_consistency(size, last_size, root, last_root, path)
    checked["latest_size"] = last_size
    return checked


def _fetch(url: str) -> object:
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"{url} is not a web address")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - checked above
        return json.load(response)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check an Engage receipt.")
    parser.add_argument("receipt", help="the receipt's JSON file")
    parser.add_argument("--site", help="the site's address, e.g. https://engage.example.gov")
    parser.add_argument(
        "--public-key", help="the site's public key (hex); default: the one the site publishes"
    )
    args = parser.parse_args(argv)
    try:
        with open(args.receipt, encoding="utf-8") as file:
            receipt = json.load(file)
    except (OSError, ValueError) as error:
        print(f"Not valid, because the receipt cannot be read: {error}")
        return 1
    latest = consistency = None
    key = args.public_key
    try:
        if args.site:
            base = args.site.rstrip("/") + "/api/v1/ledger"
            heads = _fetch(base + "/heads")
            latest = heads.get("latest")
            key = key or heads["public_key"]["ed25519"]
            if latest and isinstance(receipt.get("head"), dict):
                query = urllib.parse.urlencode(
                    {"from": receipt["head"].get("tree_size"), "to": latest.get("tree_size")}
                )
                consistency = _fetch(f"{base}/proof/consistency?{query}").get("proof")
        elif not key:
            key = receipt.get("public_key") if isinstance(receipt, dict) else None
            print("No --site given: using the public key written in the receipt itself.")
        checked = check_receipt(receipt, _hex(key, "the public key"), latest, consistency)
    except ProofError as error:
        print(f"Not valid, because {error}.")
        return 1
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        print(f"Could not check against the site: {error}")
        return 2
    where = f"entry {checked['index']} ({checked['kind']} {checked['public_id']})"
    print(f"Valid: {where} is in the signed head of {checked['head_size']} entries.")
    if "latest_size" in checked:
        print(f"It is included in the latest signed head ({checked['latest_size']} entries).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
