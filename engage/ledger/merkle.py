"""RFC 9162 Merkle tree hashes and proofs, over any store of the tree's complete nodes.

A complete node is the hash of a perfect subtree: ``(level, position)`` covers the
2**level leaves from ``position * 2**level``; level 0 holds the leaf hashes. Every tree
hash and proof of RFC 9162 (sections 2.1.1 to 2.1.4) is built from O(log n) of them, so
the functions here take ``node(level, position) -> bytes`` and never the whole tree. A
store that reads from a database first asks which nodes a computation needs
(``nodes_needed``), reads them in one query, then computes.

Hashing and verification live in verify_receipt.py, the stand-alone file residents
download, and are re-exported here: one copy for the site and for them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from engage.ledger.verify_receipt import (
    HASH_SIZE,
    ProofError,
    empty_root,
    head_message,
    leaf_hash,
    node_hash,
    root_from_inclusion_proof,
    verify_consistency,
    verify_head_signature,
    verify_inclusion,
)

__all__ = [
    "HASH_SIZE",
    "Frontier",
    "MemoryTree",
    "ProofError",
    "appended_nodes",
    "canonical_json",
    "consistency_proof",
    "empty_root",
    "head_message",
    "inclusion_proof",
    "leaf_hash",
    "node_hash",
    "nodes_needed",
    "root_from_inclusion_proof",
    "subtree_hash",
    "tree_hash",
    "verify_consistency",
    "verify_head_signature",
    "verify_inclusion",
]

NodeKey = tuple[int, int]
NodeReader = Callable[[int, int], bytes]


def _split(size: int) -> int:
    """The largest power of two smaller than ``size`` (size > 1)."""
    return 1 << ((size - 1).bit_length() - 1)


def subtree_hash(start: int, end: int, node: NodeReader) -> bytes:
    """MTH(D[start:end]) for a subtree of the RFC's shape (``start`` aligned as the
    recursion of 2.1.1 leaves it)."""
    size = end - start
    if size & (size - 1) == 0:
        level = size.bit_length() - 1
        return node(level, start >> level)
    k = _split(size)
    return node_hash(subtree_hash(start, start + k, node), subtree_hash(start + k, end, node))


def tree_hash(size: int, node: NodeReader) -> bytes:
    """The root hash of the tree of the first ``size`` leaves."""
    if size < 0:
        raise ValueError("a tree size is not negative")
    return empty_root() if size == 0 else subtree_hash(0, size, node)


def inclusion_proof(index: int, size: int, node: NodeReader) -> list[bytes]:
    """PATH(index, D[0:size]) of RFC 9162, 2.1.3.1."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size} entries")
    return _path(index, 0, size, node)


def _path(index: int, start: int, end: int, node: NodeReader) -> list[bytes]:
    if end - start == 1:
        return []
    middle = start + _split(end - start)
    if index < middle:
        return _path(index, start, middle, node) + [subtree_hash(middle, end, node)]
    return _path(index, middle, end, node) + [subtree_hash(start, middle, node)]


def consistency_proof(first: int, second: int, node: NodeReader) -> list[bytes]:
    """PROOF(first, D[0:second]) of RFC 9162, 2.1.4.1; empty when there is nothing to
    prove (an empty first tree, or the same size)."""
    if not 0 <= first <= second:
        raise ValueError(f"a tree of {second} entries cannot extend one of {first}")
    if first in (0, second):
        return []
    return _subproof(first, 0, second, True, node)


def _subproof(first: int, start: int, end: int, whole: bool, node: NodeReader) -> list[bytes]:
    if first == end:
        return [] if whole else [subtree_hash(start, end, node)]
    middle = start + _split(end - start)
    if first <= middle:
        return _subproof(first, start, middle, whole, node) + [subtree_hash(middle, end, node)]
    return _subproof(first, middle, end, False, node) + [subtree_hash(start, middle, node)]


def nodes_needed(compute: Callable[..., object], *args: int) -> set[NodeKey]:
    """The complete nodes ``compute(*args, node)`` reads: the shape of every computation
    here depends on sizes and indexes only, never on hash values."""
    wanted: set[NodeKey] = set()

    def record(level: int, position: int) -> bytes:
        wanted.add((level, position))
        return bytes(HASH_SIZE)

    compute(*args, record)
    return wanted


def appended_nodes(index: int, leaf: bytes, node: NodeReader) -> list[tuple[int, int, bytes]]:
    """The complete nodes that leaf number ``index`` adds: itself, and each perfect subtree
    it completes. Their left halves are the right edge of the tree of ``index`` leaves."""
    added = [(0, index, leaf)]
    level, position, value = 0, index, leaf
    while position & 1:
        value = node_hash(node(level, position - 1), value)
        level, position = level + 1, position >> 1
        added.append((level, position, value))
    return added


class MemoryTree:
    """A whole tree in memory: for tests, and to check a store against."""

    def __init__(self, entries: Sequence[bytes] = ()):
        self.nodes: dict[NodeKey, bytes] = {}
        self.size = 0
        for entry in entries:
            self.append(entry)

    def node(self, level: int, position: int) -> bytes:
        return self.nodes[(level, position)]

    def append(self, entry: bytes) -> bytes:
        leaf = leaf_hash(entry)
        for level, position, value in appended_nodes(self.size, leaf, self.node):
            self.nodes[(level, position)] = value
        self.size += 1
        return leaf

    def root(self, size: int | None = None) -> bytes:
        return tree_hash(self.size if size is None else size, self.node)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        return inclusion_proof(index, self.size if size is None else size, self.node)

    def consistency_proof(self, first: int, second: int | None = None) -> list[bytes]:
        return consistency_proof(first, self.size if second is None else second, self.node)


def canonical_json(value: object) -> bytes:
    """The one byte form of a JSON value that is hashed: sorted keys, no spaces, UTF-8.
    Floats are refused: their text differs between languages, and a count is an int."""
    _refuse_floats(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _refuse_floats(value: object) -> None:
    if isinstance(value, float):
        raise TypeError("ledger entries hold no floats: give a string or an integer")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError("ledger entry keys are strings")
            _refuse_floats(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _refuse_floats(item)


class Frontier:
    """The right edge of a growing tree (its perfect subtrees, largest first): the root
    at every size while reading leaves one by one, in O(log n) memory."""

    def __init__(self) -> None:
        self.edge: list[tuple[int, bytes]] = []
        self.size = 0

    def append(self, leaf: bytes) -> None:
        level, value = 0, leaf
        while self.edge and self.edge[-1][0] == level:
            value = node_hash(self.edge.pop()[1], value)
            level += 1
        self.edge.append((level, value))
        self.size += 1

    def root(self) -> bytes:
        if not self.edge:
            return empty_root()
        value = self.edge[-1][1]
        for _, left in reversed(self.edge[:-1]):
            value = node_hash(left, value)
        return value
