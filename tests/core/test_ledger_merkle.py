"""The Merkle tree (sanxiang.ledger.merkle) against RFC 6962 and an independent reference.

The reference below follows the RFC's recursive definitions word for word, over whole
lists; the module under test streams and unrolls them. They must agree everywhere.
"""

import hashlib

import pytest

from sanxiang.ledger import merkle

# Certificate Transparency's test inputs and tree heads (RFC 6962), used by every
# independent implementation of the RFC.
CT_DATA = [bytes.fromhex(h) for h in (
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
)]
CT_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
CT_INCLUSION = [
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
]
CT_CONSISTENCY = [
    (2, 8, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
]


# --- the reference: RFC 9162 §2.1, recursive, over lists ----------------------------

def ref_hash(algorithm, data):
    return hashlib.new(algorithm, data).digest()


def ref_mth(algorithm, leaves):
    n = len(leaves)
    if n == 0:
        return ref_hash(algorithm, b"")
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return ref_hash(algorithm, b"\x01" + ref_mth(algorithm, leaves[:k])
                    + ref_mth(algorithm, leaves[k:]))


def ref_path(algorithm, m, leaves):
    n = len(leaves)
    if n == 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return [*ref_path(algorithm, m, leaves[:k]), ref_mth(algorithm, leaves[k:])]
    return [*ref_path(algorithm, m - k, leaves[k:]), ref_mth(algorithm, leaves[:k])]


def ref_subproof(algorithm, m, leaves, complete):
    n = len(leaves)
    if m == n:
        return [] if complete else [ref_mth(algorithm, leaves)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return [*ref_subproof(algorithm, m, leaves[:k], complete), ref_mth(algorithm, leaves[k:])]
    return [*ref_subproof(algorithm, m - k, leaves[k:], False),
            ref_mth(algorithm, leaves[:k])]


def leaves_for(algorithm, n):
    return [ref_hash(algorithm, b"\x00" + f"entry {i}".encode()) for i in range(n)]


def flipped(value: bytes) -> bytes:
    return bytes([value[0] ^ 1]) + value[1:]


# --- known answers -------------------------------------------------------------------

def test_empty_tree_root_is_the_hash_of_nothing():
    assert merkle.empty_root("sha256").hex() == hashlib.sha256(b"").hexdigest() == CT_ROOTS[0]
    assert merkle.root("sha256", []).hex() == CT_ROOTS[0]
    assert merkle.root("sm3", []) == hashlib.new("sm3", b"").digest()


def test_roots_match_rfc6962_tree_heads():
    leaves = [merkle.hash_leaf("sha256", d) for d in CT_DATA]
    for size in range(len(CT_DATA) + 1):
        assert merkle.root("sha256", leaves[:size]).hex() == CT_ROOTS[size], size


@pytest.mark.parametrize(("index", "size", "expected"), CT_INCLUSION)
def test_inclusion_proofs_match_rfc6962_vectors(index, size, expected):
    leaves = [merkle.hash_leaf("sha256", d) for d in CT_DATA]
    proof = merkle.inclusion_proof(index, size, merkle.list_subtree_root("sha256", leaves))
    assert [p.hex() for p in proof] == expected
    assert merkle.verify_inclusion("sha256", leaves[index], index, size, proof,
                                   bytes.fromhex(CT_ROOTS[size]))


@pytest.mark.parametrize(("old", "new", "expected"), CT_CONSISTENCY)
def test_consistency_proofs_match_rfc6962_vectors(old, new, expected):
    leaves = [merkle.hash_leaf("sha256", d) for d in CT_DATA]
    proof = merkle.consistency_proof(old, new, merkle.list_subtree_root("sha256", leaves))
    assert [p.hex() for p in proof] == expected
    assert merkle.verify_consistency("sha256", old, new, bytes.fromhex(CT_ROOTS[old]),
                                     bytes.fromhex(CT_ROOTS[new]), proof)


def test_node_and_leaf_hashes_use_the_rfc_prefixes_in_sm3():
    left, right = b"L" * 32, b"R" * 32
    assert merkle.hash_leaf("sm3", b"abc") == hashlib.new("sm3", b"\x00abc").digest()
    assert merkle.hash_children("sm3", left, right) == hashlib.new(
        "sm3", b"\x01" + left + right).digest()


# --- the streaming code against the reference -------------------------------------------

@pytest.mark.parametrize("algorithm", ["sm3", "sha256"])
def test_streamed_root_and_frontier_match_the_reference_for_sizes_0_to_70(algorithm):
    leaves = leaves_for(algorithm, 70)
    tree = merkle.TreeBuilder(algorithm)
    assert tree.root() == ref_mth(algorithm, [])
    for size in range(1, 71):
        tree.append(leaves[size - 1])
        assert tree.size == size
        assert len(tree.frontier) == size.bit_count()  # O(log n) memory
        assert tree.root() == ref_mth(algorithm, leaves[:size])
        # A builder resumed from a saved frontier continues the same tree.
        resumed = merkle.TreeBuilder(algorithm, size=size, frontier=tree.frontier)
        resumed.extend(leaves[size:])
        assert resumed.root() == ref_mth(algorithm, leaves)


@pytest.mark.parametrize("algorithm", ["sm3", "sha256"])
def test_every_inclusion_proof_verifies_for_sizes_1_to_33(algorithm):
    leaves = leaves_for(algorithm, 33)
    subtree_root = merkle.list_subtree_root(algorithm, leaves)
    for size in range(1, 34):
        root = ref_mth(algorithm, leaves[:size])
        for index in range(size):
            proof = merkle.inclusion_proof(index, size, subtree_root)
            assert proof == ref_path(algorithm, index, leaves[:size])
            assert merkle.verify_inclusion(algorithm, leaves[index], index, size, proof, root)
            assert merkle.root_from_inclusion(algorithm, leaves[index], index, size, proof) == root


@pytest.mark.parametrize("algorithm", ["sm3", "sha256"])
def test_tampered_inclusion_proofs_fail_R_REC_02(algorithm):
    leaves = leaves_for(algorithm, 33)
    subtree_root = merkle.list_subtree_root(algorithm, leaves)
    for size in range(1, 34):
        root = ref_mth(algorithm, leaves[:size])
        for index in range(size):
            proof = merkle.inclusion_proof(index, size, subtree_root)
            verify = merkle.verify_inclusion
            assert not verify(algorithm, flipped(leaves[index]), index, size, proof, root)
            assert not verify(algorithm, leaves[index], index, size, proof, flipped(root))
            for i in range(len(proof)):
                bad = [*proof[:i], flipped(proof[i]), *proof[i + 1:]]
                assert not verify(algorithm, leaves[index], index, size, bad, root)
            if proof:
                assert not verify(algorithm, leaves[index], index, size, proof[:-1], root)
            assert not verify(algorithm, leaves[index], index, size, [*proof, root], root)
            if size > 1:
                other = (index + 1) % size
                assert not verify(algorithm, leaves[index], other, size, proof, root)
            assert not verify(algorithm, leaves[index], size, size, proof, root)


@pytest.mark.parametrize("algorithm", ["sm3", "sha256"])
def test_every_consistency_proof_verifies_for_sizes_up_to_20(algorithm):
    leaves = leaves_for(algorithm, 20)
    subtree_root = merkle.list_subtree_root(algorithm, leaves)
    for new in range(1, 21):
        new_root = ref_mth(algorithm, leaves[:new])
        for old in range(1, new + 1):
            old_root = ref_mth(algorithm, leaves[:old])
            proof = merkle.consistency_proof(old, new, subtree_root)
            assert proof == ref_subproof(algorithm, old, leaves[:new], True)
            assert merkle.verify_consistency(algorithm, old, new, old_root, new_root, proof)
            assert not merkle.verify_consistency(algorithm, old, new, flipped(old_root),
                                                 new_root, proof)
            assert not merkle.verify_consistency(algorithm, old, new, old_root,
                                                 flipped(new_root), proof)
            for i in range(len(proof)):
                bad = [*proof[:i], flipped(proof[i]), *proof[i + 1:]]
                assert not merkle.verify_consistency(algorithm, old, new, old_root,
                                                     new_root, bad)
            if old < new:
                # A history rewritten inside the old tree is never consistent with it.
                rewritten = list(leaves[:new])
                rewritten[old - 1] = flipped(rewritten[old - 1])
                forged = merkle.consistency_proof(
                    old, new, merkle.list_subtree_root(algorithm, rewritten))
                assert not merkle.verify_consistency(
                    algorithm, old, new, old_root, ref_mth(algorithm, rewritten), forged)


def test_proof_arguments_out_of_range_are_refused():
    subtree_root = merkle.list_subtree_root("sm3", leaves_for("sm3", 4))
    with pytest.raises(ValueError, match="not in a tree"):
        merkle.inclusion_proof(4, 4, subtree_root)
    with pytest.raises(ValueError, match="no consistency proof"):
        merkle.consistency_proof(0, 4, subtree_root)
    with pytest.raises(ValueError, match="no consistency proof"):
        merkle.consistency_proof(5, 4, subtree_root)
    with pytest.raises(ValueError, match="frontier"):
        merkle.TreeBuilder("sm3", size=3, frontier=[b"x" * 32])


def test_a_proof_reads_each_leaf_at_most_once():
    """Proofs for big ledgers stream subtrees; they must not re-read leaves."""
    leaves = leaves_for("sm3", 1000)
    read = []

    def counting_root(start, end):
        read.append(end - start)
        return merkle.root("sm3", leaves[start:end])

    merkle.inclusion_proof(617, 1000, counting_root)
    assert sum(read) == 999
    read.clear()
    merkle.consistency_proof(617, 1000, counting_root)
    assert sum(read) <= 1000
