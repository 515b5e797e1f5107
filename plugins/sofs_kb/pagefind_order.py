"""Make Pagefind's filter index the same, byte for byte, on every build of the same site.

Pagefind (1.5) keeps each filter's values in a Rust HashMap, which iterates in a
different order every run, so the filter files, their names (a hash of their
contents), the metadata file that lists them and `pagefind-entry.json` that names
it all change from build to build, although they say the same thing. Its author
made the fragment files stable in 1.3 and says the filter and metadata files still
vary (Pagefind issue #638).

After Pagefind has written the index we sort each filter's values and the list of
filters, and write those files again under names made the way Pagefind makes them
(the SHA-1 of the contents, written as hex digits). Pagefind's search reads them
exactly as before: the values were in no particular order anyway.

Each file is gzip-compressed CBOR after the signature `pagefind_dcd`; cbor2 reads and
writes it. Plain Python, no MkDocs.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
_FILTERS = 3
"""Where the metadata file lists the filters: [[name, file hash], ...]."""


def stabilise(bundle: Path) -> None:
    """Rewrite the filter and metadata files of a written Pagefind bundle in a fixed order."""
    entry_path = bundle / ENTRY
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        prefix = info["hash"].split("_", 1)[0] + "_"  # 'en_'
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        filters = []
        for name, old in meta[_FILTERS]:
            old_path = bundle / "filter" / f"{old}.pf_filter"
            data = _read(old_path)
            data[1].sort(key=lambda value: value[0])  # [filter name, [[value, [pages]], ...]]
            new = _write(bundle / "filter", prefix, ".pf_filter", data, 7)
            if new != old:
                old_path.unlink()
            filters.append([name, new])
        meta[_FILTERS] = sorted(filters)
        new_meta = _write(bundle, "pagefind." + prefix, ".pf_meta", meta, 10)
        if new_meta != f"pagefind.{info['hash']}":
            meta_path.unlink()
        info["hash"] = new_meta.removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path} is not a Pagefind index file")
    return cbor2.loads(raw[len(SIGNATURE):])


def _write(folder: Path, prefix: str, suffix: str, data: Any, length: int) -> str:
    """Write data as Pagefind does and return the file's name without its suffix."""
    body = cbor2.dumps(data)
    # Pagefind writes each byte of the SHA-1 as hex without a leading zero, then cuts it short.
    name = prefix + "".join(f"{byte:x}" for byte in hashlib.sha1(body).digest())[:length]
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(SIGNATURE + body, compresslevel=9, mtime=0))
    return name
