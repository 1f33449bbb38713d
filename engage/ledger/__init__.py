"""The public record (issue 19): every public event as a leaf of an append-only RFC 9162
Merkle tree, signed tree heads, and the proofs that let anyone check both."""
