"""Check an Engage receipt on your own computer: python3 verify_receipt.py receipt.json

This file stands alone: it needs Python 3.11+ and, to check signatures, the
`cryptography` package; it imports nothing from Engage. The site uses the same hashing
and proof checks (engage.ledger.merkle imports them from here), so what you run is what
the site runs.

The log is an RFC 9162 (Certificate Transparency 2.0) Merkle tree over SHA-256:
a leaf's hash is SHA-256(0x00 || entry), an inner node's SHA-256(0x01 || left || right).
"""

from __future__ import annotations

import hashlib

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
