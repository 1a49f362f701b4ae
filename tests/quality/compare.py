#!/usr/bin/env python3
"""Lists the pages whose results differ between two result directories.

usage: compare.py DIR_A DIR_B [--fields f1,f2,...] [--show N]

DIR_A and DIR_B hold NAME.json per page (as `make quality OUT=...` writes
them). A page differs when its JSON value differs (the `stats` object, which
holds timings, is ignored), or when it is in one directory only. Prints one
line per differing page with the fields that differ, then a count; exits 0
when the directories are identical, 1 when some page differs, 2 on bad usage
(a missing or empty directory). With --fields only those fields are compared.
--show N prints the first N differing pages' differing values.
"""
import argparse
import json
import sys
from pathlib import Path


def load(path):
    try:
        v = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        return {"<unreadable>": str(e)}
    if isinstance(v, dict):
        v.pop("stats", None)
    return v


def differing_fields(a, b, fields):
    if not isinstance(a, dict) or not isinstance(b, dict):
        return ["<whole>"] if a != b else []
    keys = fields or sorted(set(a) | set(b))
    return [k for k in keys if a.get(k) != b.get(k)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--fields", default="")
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    dirs = [Path(args.a), Path(args.b)]
    for d in dirs:
        if not d.is_dir() or not any(d.glob("*.json")):
            print(f"compare: {d} is not a directory of NAME.json results", file=sys.stderr)
            return 2
    fields = [f for f in args.fields.split(",") if f]
    names = sorted({p.name for d in dirs for p in d.glob("*.json")})
    differ = 0
    shown = 0
    for name in names:
        pa, pb = dirs[0] / name, dirs[1] / name
        if not pa.exists() or not pb.exists():
            print(f"{name}\tonly in {dirs[0] if pa.exists() else dirs[1]}")
            differ += 1
            continue
        a, b = load(pa), load(pb)
        diff = differing_fields(a, b, fields)
        if diff:
            differ += 1
            print(f"{name}\t{','.join(diff)}")
            if shown < args.show:
                shown += 1
                for k in diff:
                    va = a.get(k) if isinstance(a, dict) else a
                    vb = b.get(k) if isinstance(b, dict) else b
                    print(f"  {k}:\n    A: {json.dumps(va, ensure_ascii=False)[:400]}\n    B: {json.dumps(vb, ensure_ascii=False)[:400]}")
    print(f"compare: {differ} of {len(names)} pages differ", file=sys.stderr)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
