#!/usr/bin/env python3
"""An independent reader of sacoche archives, written from docs/FORMAT.md alone.

It reads manifests of versions 1, 2 and 3 (FORMAT.md §4), with every rule of §4.2 and
§4.3, and the delta bodies of version 3 (§4.6): their zip entries `.sacoche/deltas/<path>`,
their size, CRC-32 and SHA-256, and their well-formedness against the base size and the
size of the file they make. `apply_delta` applies a body to a base (§4.6, "Reading").

It shares no code with sacoche: it parses the zip structures by hand (no zipfile module)
and verifies Ed25519 itself (RFC 8032, strict: below), so that it needs Python 3 only. It proves the spec is enough to
write a reader, and the tests make both readers agree on every sample and hostile case.

Usage:
  independent_reader.py KEYFILE ARCHIVE...   print "valid" or "rejected: <code>" per archive
  independent_reader.py KEYFILE --expect DIR check every DIR/NAME.sacoche against NAME.expect
  independent_reader.py --self-test           check the delta parser and apply_delta, then rebuild
                                              the ledger of v3-delta-valid from its delta and the
                                              ledger of samples/dossier-8502182
KEYFILE holds one trusted public key (sacochepk...), trusted for dossier 8502182.
"""
import datetime
import hashlib
import json
import os
import re
import struct
import sys
import unicodedata
import zlib


# Ed25519 verification, strict as FORMAT.md §7 step 3 asks (RFC 8032 §5.1.7, written
# from the RFC): S below L, points in their canonical encoding, no small-order key or R,
# the cofactorless equation [S]B = R + [k]A.
P = 2 ** 255 - 19
L = 2 ** 252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)
IDENTITY = (0, 1, 1, 0)


def _recover_x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P:
        return None
    if (x & 1) != sign:
        x = P - x
    return x


def _add(a, b):
    e1 = (a[1] - a[0]) * (b[1] - b[0]) % P
    e2 = (a[1] + a[0]) * (b[1] + b[0]) % P
    c = 2 * a[3] * b[3] * D % P
    d = 2 * a[2] * b[2] % P
    e, f, g, h = e2 - e1, d - c, d + c, e2 + e1
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _mul(s, point):
    out = IDENTITY
    while s:
        if s & 1:
            out = _add(out, point)
        point = _add(point, point)
        s >>= 1
    return out


def _same(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0


def _point(encoded):
    y = int.from_bytes(encoded, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % P)


_BY = 4 * pow(5, P - 2, P) % P
BASE = (_recover_x(_BY, 0), _BY, 1, _recover_x(_BY, 0) * _BY % P)


def ed25519_verify(public, message, signature):
    if len(public) != 32 or len(signature) != 64:
        return False
    a, r = _point(public), _point(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= L:
        return False
    if _same(_mul(8, a), IDENTITY) or _same(_mul(8, r), IDENTITY):
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % L
    return _same(_mul(s, BASE), _add(r, _mul(k, a)))

HEADER = b"sacoche-archive-signature-v1\n"
MANIFEST = ".sacoche/manifest.json"
DELTA_PREFIX = ".sacoche/deltas/"
DELTA_MAGIC = b"sacoche-delta-v1\n"
MIN_DELTA, MAX_DELTA = len(DELTA_MAGIC), 64 * 1024 * 1024
MAX_MANIFEST = 64 * 1024 * 1024
TRUSTED_DOSSIER = "8502182"
RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{p}{d}" for p in ("COM", "LPT") for d in list("0123456789") + ["¹", "²", "³"]}
LOOKALIKES = set("\u2215\u2044\u29f8\uff0f\uff3c\ufe68")
HEX64 = re.compile(r"^[0-9a-f]{64}$")


class Rejected(Exception):
    pass


def key_id(pub: bytes) -> str:
    h = hashlib.sha256(pub).hexdigest().upper()[:16]
    return "-".join(h[i:i + 4] for i in range(0, 16, 4))


def u16(b, at):
    return struct.unpack_from("<H", b, at)[0]


def u32(b, at):
    return struct.unpack_from("<I", b, at)[0]


def u64(b, at):
    return struct.unpack_from("<Q", b, at)[0]


def path_problem(path: str):
    if not path:
        return "empty"
    if "\\" in path or path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        return "escape"
    if len(path.encode()) > 1024:
        return "too long"
    for part in path.split("/"):
        if part in ("", ".", ".."):
            return "bad component"
        if len(part.encode()) > 255:
            return "too long"
        if any(unicodedata.category(c) == "Cc" for c in part):
            return "control"
        if any(c in '<>:"|?*' for c in part):
            return "forbidden"
        if INVISIBLE & set(part):
            return "invisible"
        # The look-alike list on the name as written (not its NFKC form: ½ is 1⁄2 there).
        folded = unicodedata.normalize("NFKC", part)
        if "/" in folded or "\\" in folded or folded in (".", "..") or LOOKALIKES & set(part):
            return "look-alike"
        if part.endswith(".") or part.endswith(" "):
            return "trailing"
        if part.split(".")[0].rstrip(" ").upper() in RESERVED:
            return "reserved"
        if is_short_name_alias(part):
            return "short name"
    return None


def is_short_name_alias(part):
    """§5: the shape of a Windows 8.3 short name with a numeric tail (FACTUR~1.PDF)."""
    if not part.isascii():
        return False
    stem, dot, ext = part.rpartition(".")
    if not dot:
        stem, ext = part, None
    head, tilde, digits = stem.rpartition("~")
    return bool(tilde) and len(stem) <= 8 and head != "" and digits.isdigit() \
        and (ext is None or len(ext) <= 3)


# Bidi controls, zero-width characters, the byte order mark (§5).
INVISIBLE = set("\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                "\u2060\u2066\u2067\u2068\u2069\ufeff")


def entry_name_problem(name: str):
    """§3: a zip entry other than the manifest is a payload file, whose name is a
    payload path (§5), or a delta body, `.sacoche/deltas/` then a path passing §5."""
    if name.startswith(DELTA_PREFIX):
        return payload_problem(name[len(DELTA_PREFIX):])
    return payload_problem(name)


def payload_problem(path: str):
    """Section 5 rules, and nothing inside the .sacoche metadata folder (any case)."""
    problem = path_problem(path)
    if problem is None and collision_key(path.split("/")[0]) == ".sacoche":
        return "metadata folder"
    return problem


def collision_key(path):
    """§5: NFC, uppercase, lowercase, NFC (so µ/μ, ſ/s, ς/σ meet)."""
    if path.isascii():
        return path.lower()
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", path).upper().lower())


def state_id(files):
    h = hashlib.sha256(b"sacoche-state-v1\n")
    for f in sorted(files, key=lambda f: f["path"].encode()):
        h.update(f["path"].encode() + b"\0" + str(f["size"]).encode() + b"\0" + f["sha256"].encode() + b"\n")
    return h.hexdigest()


def block_digest(signed: bytes) -> str:
    """FORMAT.md §6.2: SHA-256 of the SHA-256 of each 4 MiB block."""
    block = 4 * 1024 * 1024
    outer = hashlib.sha256()
    for at in range(0, len(signed), block):
        outer.update(hashlib.sha256(signed[at:at + block]).digest())
    return outer.hexdigest()


def gate(data: bytes, trusted: bytes):
    """Steps 1-5: end record, statement, signature, every byte, trust."""
    n = len(data)
    found = appended = None
    for p in range(n - 22, max(-1, n - 22 - 65535 - 65536), -1):
        if data[p:p + 4] != b"PK\x05\x06":
            continue
        end = p + 22 + u16(data, p + 20)
        if end == n:
            found = p
            break
        if end < n and appended is None and data[p + 22:end].startswith(HEADER):
            appended = n - end
    if found is None:
        if appended is not None:
            raise Rejected("trailing-bytes")
        if n and b"PK\x03\x04"[:min(n, 4)] == data[:4]:
            raise Rejected("truncated")
        raise Rejected("not-an-archive")
    comment = data[found + 22:]
    if not comment.startswith(HEADER):
        raise Rejected("unsigned")
    try:
        text = comment.decode("ascii")
        at = text.rindex("signature: ")
        statement, sig_line = text[:at], text[at:]
        sig = bytes.fromhex(sig_line[len("signature: "):-1])
        assert sig_line.endswith("\n") and len(sig) == 64
        lines = statement[len(HEADER):].split("\n")
        keys = ["format", "dossier", "created", "kind", "sequence", "key-id", "public-key",
                "manifest-sha256", "archive-digest"]
        assert len(lines) == len(keys) + 1 and lines[-1] == ""
        fields = {}
        for k, line in zip(keys, lines):
            assert line.startswith(k + ": ")
            fields[k] = line[len(k) + 2:]
        assert fields["format"] == "1" and fields["kind"] in ("full", "changes", "receipt")
        assert re.fullmatch(r"0|[1-9][0-9]*", fields["sequence"])
        # §6.2: the dossier id and the creation time in their one form.
        assert re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,39}", fields["dossier"])
        assert is_created(fields["created"])
        assert fields["public-key"].startswith("sacochepk")
        pub = bytes.fromhex(fields["public-key"][9:])
        assert len(pub) == 32 and fields["key-id"] == key_id(pub)
        assert HEX64.match(fields["manifest-sha256"]) and HEX64.match(fields["archive-digest"])
    except (AssertionError, ValueError, UnicodeDecodeError):
        raise Rejected("malformed-signature")
    if not ed25519_verify(pub, statement.encode(), sig):
        raise Rejected("bad-signature")
    if block_digest(data[:found + 22]) != fields["archive-digest"]:
        raise Rejected("content-altered")
    if pub != trusted:
        raise Rejected("unknown-signer")
    if fields["dossier"] != TRUSTED_DOSSIER:
        raise Rejected("signer-not-trusted-for-dossier")
    return found, fields


ENCRYPTION_FLAGS = 1 | (1 << 6) | (1 << 13)


def encryption_extra(extra):
    """Whether an extra field holds a PKWARE (0x0014-0x0019) or AES (0x9901) record; a
    malformed extra field is bad-zip."""
    x, found = 0, False
    while x < len(extra):
        if x + 4 > len(extra):
            raise Rejected("bad-zip")
        tag, size = u16(extra, x), u16(extra, x + 2)
        if x + 4 + size > len(extra):
            raise Rejected("bad-zip")
        found = found or 0x14 <= tag <= 0x19 or tag == 0x9901
        x += 4 + size
    return found


def central_directory(data, eocd):
    """§3: one end record on disk 0; a zip64 record and locator, if there, just before
    it and agreeing with it; a central directory ending where they begin and holding
    exactly the entries counted."""
    if u16(data, eocd + 4) or u16(data, eocd + 6) or u16(data, eocd + 8) != u16(data, eocd + 10):
        raise Rejected("bad-zip")
    count, cd_size, cd_off = u16(data, eocd + 10), u32(data, eocd + 12), u32(data, eocd + 16)
    cd_end = eocd
    loc = eocd - 20
    if loc >= 0 and data[loc:loc + 4] == b"PK\x06\x07":
        z = u64(data, loc + 8)
        if u32(data, loc + 4) != 0 or u32(data, loc + 16) != 1 or z + 56 != loc \
                or data[z:z + 4] != b"PK\x06\x06" or u64(data, z + 4) != 44 \
                or u32(data, z + 16) or u32(data, z + 20) or u64(data, z + 24) != u64(data, z + 32):
            raise Rejected("bad-zip")
        z_count, z_size, z_off = u64(data, z + 32), u64(data, z + 40), u64(data, z + 48)
        for classic, value, top in ((count, z_count, 0xFFFF), (cd_size, z_size, 0xFFFFFFFF),
                                    (cd_off, z_off, 0xFFFFFFFF)):
            if classic not in (value, top):
                raise Rejected("bad-zip")
        count, cd_size, cd_off, cd_end = z_count, z_size, z_off, z
    elif 0xFFFFFFFF in (cd_size, cd_off) or count == 0xFFFF:
        raise Rejected("bad-zip")
    if cd_off + cd_size != cd_end:
        raise Rejected("bad-zip")
    entries, at = [], cd_off
    while at < cd_end:
        if at + 46 > cd_end or data[at:at + 4] != b"PK\x01\x02":
            raise Rejected("bad-zip")
        made_by, flags, method = u16(data, at + 4), u16(data, at + 8), u16(data, at + 10)
        crc, csize, usize = u32(data, at + 16), u32(data, at + 20), u32(data, at + 24)
        nlen, xlen, clen = u16(data, at + 28), u16(data, at + 30), u16(data, at + 32)
        disk, attrs, offset = u16(data, at + 34), u32(data, at + 38), u32(data, at + 42)
        if at + 46 + nlen + xlen + clen > cd_end:
            raise Rejected("bad-zip")
        name = data[at + 46:at + 46 + nlen]
        extra = data[at + 46 + nlen:at + 46 + nlen + xlen]
        encrypted = bool(flags & ENCRYPTION_FLAGS) or encryption_extra(extra)
        x = 0
        while x + 4 <= len(extra):  # zip64 extended information
            tag, size = u16(extra, x), u16(extra, x + 2)
            if tag == 1:
                vals, y = [], x + 4
                for present in (usize == 0xFFFFFFFF, csize == 0xFFFFFFFF, offset == 0xFFFFFFFF):
                    if present:
                        vals.append(u64(extra, y))
                        y += 8
                    else:
                        vals.append(None)
                usize = vals[0] if vals[0] is not None else usize
                csize = vals[1] if vals[1] is not None else csize
                offset = vals[2] if vals[2] is not None else offset
                if disk == 0xFFFF:
                    disk = u32(extra, y) if y + 4 == x + 4 + size else 1
            x += 4 + size
        if disk != 0:
            raise Rejected("bad-zip")
        entries.append(dict(name=name, flags=flags, method=method, crc=crc, csize=csize, usize=usize,
                            encrypted=encrypted,
                            offset=offset, unix=(attrs >> 16) if made_by >> 8 == 3 else 0))
        at += 46 + nlen + xlen + clen
    if len(entries) != count:
        raise Rejected("bad-zip")
    return entries, cd_off


def read_entry(data, e, limit):
    at = e["offset"]
    start = at + 30 + u16(data, at + 26) + u16(data, at + 28)
    raw = data[start:start + e["csize"]]
    if e["method"] == 0:
        out = raw
    else:
        d = zlib.decompressobj(-15)
        try:
            out = d.decompress(raw, limit + 1)
        except zlib.error:
            raise Rejected("corrupt-entry")
    if len(out) > limit:
        raise Rejected("size-exceeds-declared")
    if zlib.crc32(out) != e["crc"]:
        raise Rejected("corrupt-entry")
    return out


def verify(data: bytes, trusted: bytes):
    eocd, st = gate(data, trusted)
    entries, cd_off = central_directory(data, eocd)
    names = [e["name"] for e in entries]
    if len(set(names)) != len(names):
        raise Rejected("duplicate-name")
    if not entries:
        raise Rejected("manifest-not-first")
    for i, e in enumerate(entries):
        try:
            e["path"] = e["name"].decode("utf-8")
        except UnicodeDecodeError:
            raise Rejected("unsafe-path")
        kind = e["unix"] & 0o170000
        if e["path"].endswith("/") or kind not in (0, 0o100000):
            raise Rejected("not-a-regular-file")
        if i == 0 and (e["path"] != MANIFEST or e["offset"] != 0):
            raise Rejected("manifest-not-first")
        if i > 0 and (e["path"] == MANIFEST):
            raise Rejected("manifest-not-first")
        if i > 0 and entry_name_problem(e["path"]):
            raise Rejected("unsafe-path")
        if e["encrypted"]:
            raise Rejected("encrypted-entry")
        if e["method"] not in (0, 8):
            raise Rejected("unsupported-compression")
    spans = []
    for e in entries:
        at = e["offset"]
        if data[at:at + 4] != b"PK\x03\x04":
            raise Rejected("header-mismatch")
        local_end = at + 30 + u16(data, at + 26) + u16(data, at + 28)
        spans.append((at, local_end + e["csize"], e, local_end))
    spans.sort(key=lambda s: s[0])
    for (a0, a1, _, _), (b0, _, _, _) in zip(spans, spans[1:] + [(cd_off, 0, None, 0)]):
        if a1 > b0:
            raise Rejected("overlapping-entries")
    for at, _, e, local_end in spans:
        nlen = u16(data, at + 26)
        if u16(data, at + 6) & ENCRYPTION_FLAGS or encryption_extra(data[at + 30 + nlen:local_end]):
            raise Rejected("encrypted-entry")
        # Every flag bit: UTF-8 names (11), compression options (1, 2), data descriptor (3).
        if data[at + 30:at + 30 + nlen] != e["name"] or u16(data, at + 8) != e["method"] \
                or u16(data, at + 6) != e["flags"]:
            raise Rejected("header-mismatch")

    m_entry = entries[0]
    if m_entry["usize"] > MAX_MANIFEST:
        raise Rejected("manifest-too-large")
    m_bytes = read_entry(data, m_entry, MAX_MANIFEST)
    if hashlib.sha256(m_bytes).hexdigest() != st["manifest-sha256"]:
        raise Rejected("statement-mismatch")
    m = check_manifest(m_bytes)
    files = m["files"]
    # The manifest's text exactly; version 1 wrote Z where its statement says +00:00.
    same_time = m["created"] == st["created"] or (
        m["version"] == 1 and m["created"].endswith("Z")
        and st["created"] == m["created"][:-1] + "+00:00")
    if m["dossier"]["id"] != st["dossier"] or not same_time or m["kind"] != st["kind"] \
            or str(m["sequence"]) != st["sequence"] or m["sender"]["key_id"] != st["key-id"]:
        raise Rejected("statement-mismatch")

    # Step 9: every entry is a listed file or a listed delta's body, and each of those
    # has its entry, of the listed size (§3). A delta body's name is the prefix and the
    # delta's path; the names of files never start with .sacoche (§5), so the two kinds
    # of names cannot meet.
    by_name = {f["path"]: f for f in files}
    state_size = {f["path"]: f["size"] for f in m.get("state", [])}
    for d in m.get("deltas", []):
        by_name[DELTA_PREFIX + d["path"]] = dict(d, target_size=state_size[d["path"]])
    seen = set()
    for e in entries[1:]:
        f = by_name.get(e["path"])
        if f is None:
            raise Rejected("entry-not-in-manifest")
        if e["usize"] != f["size"]:
            raise Rejected("size-mismatch")
        seen.add(e["path"])
    if set(by_name) - seen:
        raise Rejected("file-missing")
    # Step 10: each content, file or delta body, yields its size, CRC-32 and SHA-256;
    # a delta body is also well formed (§4.6).
    for e in entries[1:]:
        f = by_name[e["path"]]
        content = read_entry(data, e, f["size"])
        if len(content) != f["size"]:
            raise Rejected("size-mismatch")
        if hashlib.sha256(content).hexdigest() != f["sha256"]:
            raise Rejected("hash-mismatch")
        if "target_size" in f:
            _, made = delta_commands(content, f["base_size"])
            if made != f["target_size"]:
                raise Rejected("delta-invalid")
    return m


# --- Deltas (FORMAT.md §4.6) -----------------------------------------------------------

# A command line: `C <offset> <length>` or `I <length>`; numbers without sign or leading
# zero, a length at least 1, one space between words, the line ending in \n alone.
COPY_LINE = re.compile(rb"C (0|[1-9][0-9]*) ([1-9][0-9]*)")
INSERT_LINE = re.compile(rb"I ([1-9][0-9]*)")
# A well-formed command line is short: a copy ends within the base, whose size is a
# manifest number (below 2^64, 20 digits), and an insert within the body (64 MiB).
LONGEST_LINE = len("C ") + 20 + len(" ") + 20


def delta_commands(body: bytes, base_size: int):
    """Parse a delta body (§4.6), raising delta-invalid unless it is well formed against
    a base of base_size bytes, all but the sum of its lengths. Returns the commands,
    ("C", offset, length) or ("I", start in body, length), and the size they make."""
    if not body.startswith(DELTA_MAGIC):
        raise Rejected("delta-invalid")
    commands, made, at = [], 0, len(DELTA_MAGIC)
    while at < len(body):
        nl = body.find(b"\n", at, at + LONGEST_LINE + 1)
        if nl < 0:
            raise Rejected("delta-invalid")
        line = body[at:nl]
        copy, insert = COPY_LINE.fullmatch(line), INSERT_LINE.fullmatch(line)
        if copy:
            offset, length = int(copy.group(1)), int(copy.group(2))
            if offset + length > base_size:
                raise Rejected("delta-invalid")
            commands.append(("C", offset, length))
            at = nl + 1
        elif insert:
            length = int(insert.group(1))
            if nl + 1 + length > len(body):
                raise Rejected("delta-invalid")
            commands.append(("I", nl + 1, length))
            at = nl + 1 + length
        else:
            raise Rejected("delta-invalid")
        made += length
    return commands, made


def apply_delta(body: bytes, base: bytes) -> bytes:
    """§4.6: what the commands of a well-formed body make from base (delta-invalid when
    the body is not well formed against it). The caller checks the result against the
    state entry's size and SHA-256 (else delta-mismatch), and finds the base by its
    base_sha256 and base_size."""
    commands, made = delta_commands(body, len(base))
    out = bytearray()
    for what, at, length in commands:
        out += (base if what == "C" else body)[at:at + length]
    assert len(out) == made
    return bytes(out)


def integrate_delta(delta: dict, state_entry: dict, body: bytes, base: bytes) -> bytes:
    """A receiver's use of a delta (§4.6, "Reading"): the base MUST be the content
    base_sha256 of base_size bytes; the result MUST be the state entry's content."""
    if len(base) != delta["base_size"] or hashlib.sha256(base).hexdigest() != delta["base_sha256"]:
        raise ValueError("not the delta's base")
    out = apply_delta(body, base)
    if len(out) != state_entry["size"] or hashlib.sha256(out).hexdigest() != state_entry["sha256"]:
        raise Rejected("delta-mismatch")
    return out


# --- The manifest (FORMAT.md §4) -------------------------------------------------------

U64 = 2 ** 64 - 1
HEX16 = re.compile(r"[0-9a-f]{16}")
HEX32 = re.compile(r"[0-9a-f]{32}")
CREATED = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})")
MODIFIED = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z")
DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Unicode White_Space (a replica name may not consist of these alone).
WHITE_SPACE = set("\t\n\x0b\x0c\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | {
    chr(c) for c in range(0x2000, 0x200B)}
# Fields whose default value counts as the field absent (§4, "Optional fields and defaults").
NULL_DEFAULT = {"fiscal_period", "purpose", "comment", "base_state", "history", "knowledge", "part",
                "receipt"}
EMPTY_LIST_DEFAULT = {"ops", "acks", "state", "deltas"}
COMMON_REQUIRED = {"format", "version", "kind", "dossier", "created", "sender", "sequence", "state_id",
                   "generator", "files"}
COMMON_OPTIONAL = {"fiscal_period", "purpose", "comment"}
V1_OPTIONAL = {"base_state", "ops"}
V2_REQUIRED = {"history", "knowledge"}
V2_OPTIONAL = {"reset", "acks", "replicas", "part", "receipt", "state"}
V3_OPTIONAL = {"deltas"}
FILE_FIELDS = {"path", "size", "sha256", "modified"}
STATE_FIELDS = FILE_FIELDS | {"version", "by"}
DELTA_FIELDS = {"path", "base_sha256", "base_size", "size", "sha256"}


class Negative:
    """A JSON integer with a minus sign: never valid in a manifest."""


def invalid():
    return Rejected("manifest-invalid")


def no_duplicates(pairs):
    names = [k for k, _ in pairs]
    if len(set(names)) != len(names):
        raise ValueError("an object has two members of the same name")
    return dict(pairs)


def no_constant(name):
    raise ValueError(f"{name} is not JSON")


def all_strings_encodable(v):
    """Lone surrogate escapes ("\\ud800") are not JSON text."""
    if isinstance(v, str):
        v.encode("utf-8")
    elif isinstance(v, list):
        for x in v:
            all_strings_encodable(x)
    elif isinstance(v, dict):
        for k, x in v.items():
            k.encode("utf-8")
            all_strings_encodable(x)


def load_json(m_bytes):
    try:
        m = json.loads(m_bytes.decode("utf-8"), object_pairs_hook=no_duplicates,
                       parse_constant=no_constant,
                       parse_int=lambda s: Negative() if s.startswith("-") else int(s))
        all_strings_encodable(m)
    except (ValueError, UnicodeError, RecursionError):
        raise invalid()
    if not isinstance(m, dict):
        raise invalid()
    return m


def is_uint(v, low=0, high=U64):
    return type(v) is int and low <= v <= high


def is_str(v):
    return type(v) is str


def is_hex(pattern, v):
    return is_str(v) and pattern.fullmatch(v) is not None


def is_date(y, mo, d):
    try:
        datetime.date(int(y), int(mo), int(d))
        return True
    except ValueError:
        return False


def instant(text):
    """A `modified` time as (UTC seconds, nanoseconds), or None when not in its form."""
    if not is_str(text):
        return None
    t = MODIFIED.fullmatch(text)
    if not t:
        return None
    y, mo, d, h, mi, s, frac = t.groups()
    try:
        when = datetime.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s),
                                 tzinfo=datetime.timezone.utc)
    except ValueError:
        return None
    return (int(when.timestamp()), int((frac or "").ljust(9, "0")))


def is_created(text):
    """§4 and §6.2: whole seconds, the offset Z or +HH:MM / -HH:MM (never -00:00)."""
    t = is_str(text) and CREATED.fullmatch(text)
    if not t:
        return False
    y, mo, d, h, mi, s, offset = t.groups()
    if not is_date(y, mo, d) or int(h) > 23 or int(mi) > 59 or int(s) > 59:
        return False
    if offset == "Z":
        return True
    return offset != "-00:00" and int(offset[1:3]) <= 23 and int(offset[4:6]) <= 59


def strip_defaults(obj, null_default=(), false_default=(), empty_list=(), empty_dict=(), zero=()):
    """The object without the members that have their default value (same as absent)."""
    out = {}
    for k, v in obj.items():
        if (k in null_default and v is None) or (k in false_default and v is False) \
                or (k in empty_list and type(v) is list and not v) \
                or (k in empty_dict and type(v) is dict and not v) \
                or (k in zero and type(v) is int and v == 0):
            continue
        out[k] = v
    return out


def has_fields(obj, required, optional=()):
    return isinstance(obj, dict) and set(required) <= set(obj) <= set(required) | set(optional)


def is_vector(v):
    """A version vector: replica id -> integer >= 1 (§4.3)."""
    return isinstance(v, dict) and all(is_hex(HEX16, r) and is_uint(n, 1) for r, n in v.items())


def vector_le(a, b):
    return all(n <= b.get(r, 0) for r, n in a.items())


def is_file_entry(f, fields):
    if not has_fields(f, fields):
        return False
    ok = is_str(f["path"]) and is_uint(f["size"]) and is_hex(HEX64, f["sha256"]) \
        and instant(f["modified"]) is not None
    if ok and "version" in fields:
        ok = is_vector(f["version"]) and is_hex(HEX16, f["by"])
    return ok


def check_list(files):
    """FORMAT.md §5 on a file list (files or state): safe paths, sorted, unique, no
    collisions (also between a file and another file's folder)."""
    keys = {}
    for i, f in enumerate(files):
        if payload_problem(f["path"]):
            raise Rejected("unsafe-path")
        if i and files[i - 1]["path"] == f["path"]:
            raise Rejected("duplicate-name")
        if i and files[i - 1]["path"].encode() > f["path"].encode():
            raise Rejected("manifest-invalid")
        k = collision_key(f["path"])
        if k in keys:
            raise Rejected("name-collision")
        keys[k] = f["path"]
    for f in files:
        parts = f["path"].split("/")
        for j in range(1, len(parts)):
            if collision_key("/".join(parts[:j])) in keys:
                raise Rejected("name-collision")


def check_manifest(m_bytes):
    """FORMAT.md §4: the manifest of version 1, 2 or 3, with every rule of §4.2 / §4.3.
    Version 3 is version 2 and `deltas`; a `deltas` of its default value `[]` is the
    field absent, in every version, and any other `deltas` is an unknown field in
    versions 1 and 2."""
    raw = load_json(m_bytes)
    if raw.get("format") != "sacoche-archive":
        raise invalid()
    version = raw.get("version")
    if not is_uint(version):
        raise invalid()
    if version not in (1, 2, 3):
        raise Rejected("unsupported-version")
    m = strip_defaults(raw, null_default=NULL_DEFAULT, false_default={"reset"},
                       empty_list=EMPTY_LIST_DEFAULT, empty_dict={"replicas"})
    if version == 1:
        ok = has_fields(m, COMMON_REQUIRED, COMMON_OPTIONAL | V1_OPTIONAL)
        sender_fields = {"name", "key_id"}
        kinds = ("full", "changes")
    else:
        ok = has_fields(m, COMMON_REQUIRED | V2_REQUIRED,
                        COMMON_OPTIONAL | V2_OPTIONAL | (V3_OPTIONAL if version == 3 else set()))
        sender_fields = {"name", "key_id", "replica"}
        kinds = ("full", "changes", "receipt")
    if not ok:
        raise invalid()
    if isinstance(m["sender"], dict):
        m["sender"] = strip_defaults(m["sender"], null_default={"replica"})
    fp = m.get("fiscal_period")
    if not has_fields(m["dossier"], {"id", "name"}) \
            or not is_str(m["dossier"]["id"]) \
            or not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,39}", m["dossier"]["id"]) \
            or not is_str(m["dossier"]["name"]) \
            or m["kind"] not in kinds \
            or not is_created(m["created"]) \
            or not has_fields(m["sender"], sender_fields) \
            or not is_str(m["sender"]["name"]) or not is_str(m["sender"]["key_id"]) \
            or not is_uint(m["sequence"], 1) \
            or (fp is not None and not (has_fields(fp, {"start", "end"}) and all(
                is_str(fp[k]) and DAY.fullmatch(fp[k]) and is_date(*DAY.fullmatch(fp[k]).groups())
                for k in ("start", "end")))) \
            or not all(is_str(m[k]) for k in ("purpose", "comment") if k in m) \
            or not is_hex(HEX64, m["state_id"]) or not is_str(m["generator"]) \
            or type(m["files"]) is not list \
            or not all(is_file_entry(f, FILE_FIELDS) for f in m["files"]):
        raise invalid()
    check_list(m["files"])
    if version == 1:
        check_v1(m)
    else:
        check_v2(m)
    return m


def check_v1(m):
    """FORMAT.md §4.2."""
    files, ops = m["files"], m.get("ops", [])
    if type(ops) is not list:
        raise invalid()
    if m["kind"] == "full":
        if "base_state" in m or ops:
            raise invalid()
        if state_id(files) != m["state_id"]:
            raise Rejected("state-id-mismatch")
    else:
        if not is_hex(HEX64, m.get("base_state")):
            raise invalid()
        check_ops(ops, files)


def check_v2(m):
    """FORMAT.md §4.3, rules 1 to 14 (rule 1's presence part is checked by the caller;
    rule 14, `deltas`, by the caller's field list only in version 3)."""
    # Field forms.
    acks, replicas, state = m.get("acks", []), m.get("replicas", {}), m.get("state", [])
    deltas = m.get("deltas", [])
    part, receipt = m.get("part"), m.get("receipt")
    if not is_hex(HEX32, m["history"]) or not is_hex(HEX16, m["sender"]["replica"]) \
            or not is_vector(m["knowledge"]) \
            or ("reset" in m and m["reset"] is not True) \
            or type(acks) is not list or not all(
                has_fields(a, {"replica", "sequence", "archive"}) and is_hex(HEX16, a["replica"])
                and is_uint(a["sequence"]) and is_hex(HEX64, a["archive"]) for a in acks) \
            or not isinstance(replicas, dict) \
            or not all(is_hex(HEX16, r) and is_str(n) for r, n in replicas.items()) \
            or (part is not None and not (
                has_fields(part, {"set", "index", "count"}) and is_hex(HEX16, part["set"])
                and is_uint(part["index"], 0, 2 ** 32 - 1) and is_uint(part["count"], 0, 2 ** 32 - 1))) \
            or type(state) is not list or not all(is_file_entry(f, STATE_FIELDS) for f in state) \
            or type(deltas) is not list or not all(
                has_fields(d, DELTA_FIELDS) and is_str(d["path"]) and is_hex(HEX64, d["base_sha256"])
                and is_uint(d["base_size"]) and is_uint(d["size"]) and is_hex(HEX64, d["sha256"])
                for d in deltas):
        raise invalid()
    if receipt is not None:
        receipt = strip_defaults(receipt, null_default={"reason"}, zero={"conflicts"}) \
            if isinstance(receipt, dict) else receipt
        if not has_fields(receipt, {"archive", "replica", "sequence", "outcome", "state_id"},
                          {"reason", "conflicts"}) \
                or not is_hex(HEX64, receipt["archive"]) or not is_hex(HEX16, receipt["replica"]) \
                or not is_uint(receipt["sequence"]) \
                or receipt["outcome"] not in ("integrated", "refused") \
                or not is_str(receipt.get("reason", "")) or not is_uint(receipt.get("conflicts", 0)) \
                or not is_hex(HEX64, receipt["state_id"]):
            raise invalid()
    # Rule 2: replica names are one line of 1 to 200 characters.
    for name in replicas.values():
        if not 1 <= len(name) <= 200 or all(c in WHITE_SPACE for c in name) \
                or any(unicodedata.category(c) == "Cc" for c in name):
            raise invalid()
    # Rule 3: the sender's replica is named.
    if m["sender"]["replica"] not in replicas:
        raise invalid()
    # Rule 4: one ack per replica, sequence from 1.
    if len({a["replica"] for a in acks}) != len(acks) or any(a["sequence"] < 1 for a in acks):
        raise invalid()
    # Rule 5: part i of n, 2 <= n <= 10000.
    if part is not None and not (2 <= part["count"] <= 10000 and 1 <= part["index"] <= part["count"]):
        raise invalid()
    # Rule 6: only a full archive is a reset.
    if m.get("reset") and m["kind"] != "full":
        raise invalid()
    # Rule 14, the parts that need no state: only a changes archive has deltas (not a
    # receipt either, so before rule 7 lets receipts go); bodies of 17 bytes to 64 MiB;
    # sorted by path in byte order, each path once.
    if deltas and m["kind"] != "changes":
        raise invalid()
    for i, d in enumerate(deltas):
        if not MIN_DELTA <= d["size"] <= MAX_DELTA:
            raise invalid()
        if i and deltas[i - 1]["path"] == d["path"]:
            raise Rejected("duplicate-name")
        if i and deltas[i - 1]["path"].encode() > d["path"].encode():
            raise invalid()
    # Rules 7 and 8: receipts, and only receipts, have a receipt.
    if m["kind"] == "receipt":
        if receipt is None or state or m["files"] or part is not None or receipt["sequence"] < 1:
            raise invalid()
        if receipt["state_id"] != m["state_id"]:
            raise Rejected("state-id-mismatch")
        return
    if receipt is not None:
        raise invalid()
    # Rule 9: the state list obeys §5; rule 10: its state id.
    check_list(state)
    if state_id(state) != m["state_id"]:
        raise Rejected("state-id-mismatch")
    # Rule 11: versions include their author's event, authors are named, all within knowledge.
    for f in state:
        if f["version"].get(f["by"], 0) < 1 or f["by"] not in replicas \
                or not vector_le(f["version"], m["knowledge"]):
            raise invalid()
    # Rule 12: every carried file is its state entry.
    listed = {f["path"]: f for f in state}
    for f in m["files"]:
        s = listed.pop(f["path"], None)
        if s is None or s["size"] != f["size"] or s["sha256"] != f["sha256"] \
                or instant(s["modified"]) != instant(f["modified"]):
            raise Rejected("files-contradict-state")
    # Rule 13: a full archive that is not a part carries its whole state.
    if m["kind"] == "full" and part is None and listed:
        raise Rejected("files-contradict-state")
    # Rule 14: a delta is for a file of state that files does not carry, against another
    # content than that file's.
    carried = {f["path"] for f in m["files"]}
    by_path = {f["path"]: f for f in state}
    for d in deltas:
        target = by_path.get(d["path"])
        if target is None or d["path"] in carried:
            raise Rejected("files-contradict-state")
        if d["base_sha256"] == target["sha256"]:
            raise invalid()


OP_FIELDS = {"add": {"path", "sha256", "size"}, "modify": {"path", "old_sha256", "sha256", "size"},
             "delete": {"path", "old_sha256"}, "rename": {"from", "path", "sha256", "size"}}


def check_ops(ops, files):
    """Changes archives: each path touched once; added and modified content present in
    files with the same hash and size; nothing else in files."""
    touched, carried = set(), {}
    for op in ops:
        if not isinstance(op, dict) or op.get("op") not in OP_FIELDS \
                or set(op) != OP_FIELDS[op["op"]] | {"op"}:
            raise Rejected("manifest-invalid")
        if not all(is_str(op[k]) for k in ("path", "from") if k in op) \
                or not all(is_hex(HEX64, op[k]) for k in ("sha256", "old_sha256") if k in op) \
                or ("size" in op and not is_uint(op["size"])):
            raise Rejected("manifest-invalid")
        for p in [op["path"]] + ([op["from"]] if op["op"] == "rename" else []):
            if payload_problem(p):
                raise Rejected("unsafe-path")
            if collision_key(p) in touched:
                raise Rejected("ops-contradict-files")
            touched.add(collision_key(p))
        if op["op"] in ("add", "modify"):
            carried[op["path"]] = (op["sha256"], op["size"])
    for f in files:
        if carried.pop(f["path"], None) != (f["sha256"], f["size"]):
            raise Rejected("ops-contradict-files")
    if carried:
        raise Rejected("ops-contradict-files")


def outcome(path, trusted):
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        verify(data, trusted)
        return "valid"
    except Rejected as r:
        return f"rejected: {r}"


def self_test():
    """Delta parsing and application (§4.6), then the sample v3-delta-valid's delta applied
    to the ledger it is made against, the one of samples/dossier-8502182."""
    base = b"0123456789\n"
    body = DELTA_MAGIC + b"C 0 4\nI 3\nabcC 8 3\n"
    assert apply_delta(body, base) == b"0123abc89\n"
    for bad in (b"", b"sacoche-delta-v2\n", DELTA_MAGIC + b"C 0 12\n", DELTA_MAGIC + b"C 00 1\n",
                DELTA_MAGIC + b"C 0 0\n", DELTA_MAGIC + b"I 5\nabc", DELTA_MAGIC + b"C 0 1",
                DELTA_MAGIC + b"C  0 1\n", DELTA_MAGIC + b"C 0 1\r\n", DELTA_MAGIC + b"X 1\n"):
        try:
            apply_delta(bad, base)
        except Rejected as r:
            assert str(r) == "delta-invalid", (bad, r)
        else:
            raise AssertionError(f"accepted {bad!r}")
    here = os.path.dirname(os.path.abspath(__file__))
    samples = os.path.join(here, "..", "..", "samples")
    archive = os.path.join(samples, "archives", "v3-delta-valid.sacoche")
    with open(archive, "rb") as fh:
        data = fh.read()
    with open(os.path.join(samples, "keys", "test-key.pub")) as fh:
        trusted = bytes.fromhex(fh.read().strip()[len("sacochepk"):])
    m = verify(data, trusted)
    entries, _ = central_directory(data, gate(data, trusted)[0])
    state = {f["path"]: f for f in m["state"]}
    rebuilt = 0
    for d in m["deltas"]:
        entry = next(e for e in entries if e["name"].decode("utf-8") == DELTA_PREFIX + d["path"])
        with open(os.path.join(samples, "dossier-8502182", d["path"]), "rb") as fh:
            ledger = fh.read()
        integrate_delta(d, state[d["path"]], read_entry(data, entry, d["size"]), ledger)
        rebuilt += 1
    assert rebuilt, "v3-delta-valid carries no delta"
    print(f"self-test passed ({rebuilt} sample delta rebuilt)")
    return 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    with open(argv[1]) as fh:
        line = fh.read().strip()
    trusted = bytes.fromhex(line[len("sacochepk"):])
    if argv[2] == "--expect":
        folder = argv[3]
        passed = failed = 0
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".sacoche"):
                continue
            with open(os.path.join(folder, name[:-len(".sacoche")] + ".expect")) as fh:
                want = fh.read().strip().removeprefix("expect: ")
            got = outcome(os.path.join(folder, name), trusted)
            if got == want:
                passed += 1
            else:
                failed += 1
                print(f"MISMATCH {name}: expected {want}, got {got}")
        print(f"{passed} passed, {failed} failed")
        return 1 if failed or not passed else 0
    for path in argv[2:]:
        print(f"{path}: {outcome(path, trusted)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
