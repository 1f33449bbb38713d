"""RFC 9162 hashing and proofs against the Certificate Transparency test vectors
(tests/ledger/data/ct_vectors.json says where they come from), and exhaustively against
the RFC's recursive definitions for small trees."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from engage.ledger import merkle
from engage.ledger.merkle import MemoryTree, ProofError

VECTORS = json.loads((Path(__file__).parent / "data" / "ct_vectors.json").read_text())
ENTRIES = [bytes.fromhex(h) for h in VECTORS["leaf_inputs"]]
ROOTS = [bytes.fromhex(h) for h in VECTORS["root_hashes"]]
TREE = MemoryTree(ENTRIES)


def _hexes(values):
    return [bytes.fromhex(v) for v in values]


def _mth(entries: list[bytes]) -> bytes:
    """MTH straight from RFC 9162, 2.1.1, to check the node-based version against."""
    n = len(entries)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return hashlib.sha256(b"\x00" + entries[0]).digest()
    k = 1 << ((n - 1).bit_length() - 1)
    return hashlib.sha256(b"\x01" + _mth(entries[:k]) + _mth(entries[k:])).digest()


def test_leaf_and_node_hashes_are_the_published_ones():
    for level, hashes in enumerate(VECTORS["node_hashes"]):
        for position, expected in enumerate(hashes):
            assert TREE.node(level, position).hex() == expected


def test_root_of_every_size_is_the_published_one():
    for size, expected in enumerate(ROOTS):
        assert TREE.root(size) == expected
        assert _mth(ENTRIES[:size]) == expected


@pytest.mark.parametrize(
    "case", VECTORS["inclusion_proofs"], ids=lambda c: f"{c['leaf']}@{c['size']}"
)
def test_inclusion_proofs_are_the_published_ones_and_verify(case):
    leaf, size, proof = case["leaf"], case["size"], _hexes(case["proof"])
    assert TREE.inclusion_proof(leaf, size) == proof
    merkle.verify_inclusion(leaf, size, merkle.leaf_hash(ENTRIES[leaf]), proof, ROOTS[size])


@pytest.mark.parametrize(
    "case", VECTORS["consistency_proofs"], ids=lambda c: f"{c['first']}-{c['second']}"
)
def test_consistency_proofs_are_the_published_ones_and_verify(case):
    first, second, proof = case["first"], case["second"], _hexes(case["proof"])
    assert TREE.consistency_proof(first, second) == proof
    merkle.verify_consistency(first, second, ROOTS[first], ROOTS[second], proof)


def _flipped(proof: list[bytes], i: int) -> list[bytes]:
    changed = list(proof)
    changed[i] = bytes([changed[i][0] ^ 8]) + changed[i][1:]
    return changed


@pytest.mark.parametrize(
    "case", VECTORS["inclusion_proofs"][1:], ids=lambda c: f"{c['leaf']}@{c['size']}"
)
def test_a_wrong_inclusion_proof_is_refused(case):
    leaf, size, proof = case["leaf"], case["size"], _hexes(case["proof"])
    hashed, root = merkle.leaf_hash(ENTRIES[leaf]), ROOTS[size]
    some = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")
    probes = [
        (leaf - 1, size, hashed, proof, root),
        (leaf + 1, size, hashed, proof, root),
        (leaf ^ 2, size, hashed, proof, root),
        (leaf, size * 2, hashed, proof, root),
        (leaf, size // 2, hashed, proof, root),
        (leaf, size, merkle.leaf_hash(b"WrongLeaf"), proof, root),
        (leaf, size, hashed, proof, merkle.empty_root()),
        (leaf, size, hashed, proof, some),
        (leaf, size, hashed, [*proof, root], root),
        (leaf, size, hashed, [root, *proof], root),
        (leaf, size, hashed, [*proof, b""], root),
        (leaf, size, hashed, proof[:-1], root),
        (leaf, size, hashed, [proof[0], some, *proof[1:]], root),
    ]
    probes += [(leaf, size, hashed, _flipped(proof, i), root) for i in range(len(proof))]
    for probe in probes:
        with pytest.raises(ProofError):
            merkle.verify_inclusion(*probe)


@pytest.mark.parametrize(
    "case", VECTORS["consistency_proofs"][1:], ids=lambda c: f"{c['first']}-{c['second']}"
)
def test_a_wrong_consistency_proof_is_refused(case):
    m, n, proof = case["first"], case["second"], _hexes(case["proof"])
    r1, r2 = ROOTS[m], ROOTS[n]
    probes = [
        (m - 1, n, r1, r2, proof),
        (m + 1, n, r1, r2, proof),
        (m ^ 2, n, r1, r2, proof),
        (m, n * 2, r1, r2, proof),
        (m, n // 2, r1, r2, proof),
        (m, n, merkle.leaf_hash(b"WrongRoot"), r2, proof),
        (m, n, r1, merkle.leaf_hash(b"WrongRoot"), proof),
        (m, n, r2, r1, proof),
        (m, n, r1, r2, []),
        (m, n, r1, r2, [*proof, r1]),
        (m, n, r1, r2, [*proof, r2]),
        (m, n, r1, r2, [r1, *proof]),
        (m, n, r1, r2, [r2, *proof]),
        (m, n, r1, r2, [proof[0], *proof]),
        (m, n, r1, r2, proof[:-1]),
    ]
    probes += [(m, n, r1, r2, _flipped(proof, i)) for i in range(len(proof))]
    for probe in probes:
        with pytest.raises(ProofError):
            merkle.verify_consistency(*probe)


def test_edge_cases_of_consistency():
    empty = merkle.empty_root()
    merkle.verify_consistency(0, 0, empty, empty, [])
    merkle.verify_consistency(0, 5, empty, ROOTS[5], [])
    merkle.verify_consistency(3, 3, ROOTS[3], ROOTS[3], [])
    with pytest.raises(ProofError, match="two different roots"):
        merkle.verify_consistency(3, 3, ROOTS[3], ROOTS[4], [])
    with pytest.raises(ProofError, match="cannot extend"):
        merkle.verify_consistency(4, 3, ROOTS[4], ROOTS[3], [])
    with pytest.raises(ProofError, match="empty"):
        merkle.verify_consistency(1, 2, ROOTS[1], ROOTS[2], [])


def test_every_proof_of_small_trees_verifies_against_the_rfc_definition():
    entries = [f"entry {i}".encode() for i in range(33)]
    tree = MemoryTree(entries)
    roots = [_mth(entries[:n]) for n in range(len(entries) + 1)]
    for n in range(1, len(entries) + 1):
        assert tree.root(n) == roots[n]
        for i in range(n):
            proof = tree.inclusion_proof(i, n)
            merkle.verify_inclusion(i, n, merkle.leaf_hash(entries[i]), proof, roots[n])
        for m in range(0, n + 1):
            merkle.verify_consistency(m, n, roots[m], roots[n], tree.consistency_proof(m, n))


def test_a_rewritten_entry_breaks_consistency_with_the_earlier_root():
    entries = [f"entry {i}".encode() for i in range(10)]
    honest = MemoryTree(entries)
    rewritten = MemoryTree([*entries[:3], b"something else", *entries[4:]])
    with pytest.raises(ProofError, match="changed or removed"):
        merkle.verify_consistency(
            6, 10, honest.root(6), rewritten.root(10), rewritten.consistency_proof(6, 10)
        )


def test_proofs_read_logarithmically_many_nodes():
    size = 1_000_000
    for compute, args in (
        (merkle.inclusion_proof, (123_456, size)),
        (merkle.consistency_proof, (654_321, size)),
        (merkle.tree_hash, (size,)),
    ):
        assert len(merkle.nodes_needed(compute, *args)) <= 2 * size.bit_length()


def test_canonical_json_is_sorted_compact_utf8_and_refuses_floats():
    assert (
        merkle.canonical_json({"b": 1, "a": ["é", None, True]})
        == '{"a":["é",null,true],"b":1}'.encode()
    )
    with pytest.raises(TypeError):
        merkle.canonical_json({"count": 1.5})
    with pytest.raises(TypeError):
        merkle.canonical_json({1: "x"})
