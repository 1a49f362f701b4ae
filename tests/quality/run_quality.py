#!/usr/bin/env python3
"""Run the extractor over a scoring corpus through the C API and print the scorer's table.

usage: run_quality.py CORPUS OUT [--mode article|full|metadata] [--favor balanced|precision|recall] [--wasm COMPONENT] [--batch PATH] [--tools DIR] [--fails N]

CORPUS is either the trafilatura-eval directory (evaldata.json + html/NAME.gz) or the
readability-pages directory (CASE/source.html + expected-metadata.json). OUT receives one
NAME.json per page (the rx_extract result or error object). The batch runner is
target/quality/rx_batch (built from tests/quality/rx_batch.c by `make quality`), the scorers come from --tools
(default ../shared/tools beside the repository, or $RX_SCORE_TOOLS).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--mode", default="article")
    ap.add_argument("--favor", default="balanced", choices=["balanced", "precision", "recall"])
    ap.add_argument("--batch", default=str(ROOT / "target" / "quality" / "rx_batch"))
    ap.add_argument("--tools", default=os.environ.get("RX_SCORE_TOOLS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "tools")))
    ap.add_argument("--fails", type=int, default=0)
    ap.add_argument("--wasm", help="component file to run instead of the embedded extractor")
    a = ap.parse_args()

    corpus = Path(a.corpus)
    if not corpus.is_dir():
        sys.exit(f"run_quality: corpus directory {corpus} does not exist")
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    lines = []
    if (corpus / "evaldata.json").exists():
        kind = "trafilatura"
        data = json.loads((corpus / "evaldata.json").read_text(encoding="utf8"))
        for url, item in data.items():
            src = corpus / "html" / f'{item["file"]}.gz'
            if not src.exists():
                src = corpus / "html" / item["file"]
            lines.append((src, url, out / f'{item["file"]}.json'))
        scorer = [Path(a.tools) / "score_trafilatura_eval.py", str(out), "--corpus", str(corpus)]
    else:
        kind = "readability"
        for d in sorted(p for p in corpus.iterdir() if (p / "expected-metadata.json").exists()):
            lines.append((d / "source.html", "http://fakehost/test/page.html", out / f"{d.name}.json"))
        scorer = [Path(a.tools) / "score_readability_pages.py", str(out), "--pages", str(corpus)]
    if not lines:
        sys.exit(f"run_quality: {corpus} is neither trafilatura-eval (evaldata.json) nor readability-pages (*/expected-metadata.json)")
    if not Path(a.batch).exists():
        sys.exit(f"run_quality: batch runner {a.batch} not built (make quality builds it)")
    for f in out.glob("*.json"):
        f.unlink()
    with tempfile.NamedTemporaryFile("w", suffix=".lst", delete=False) as lst:
        for src, url, dst in lines:
            lst.write(f"{src}\t{url}\t{dst}\n")
    try:
        r = subprocess.run([a.batch, "-m", a.mode, "-f", a.favor] + (["-w", a.wasm] if a.wasm else []) + [lst.name])
    finally:
        os.unlink(lst.name)
    if r.returncode != 0:
        sys.exit(f"run_quality: rx_batch failed with status {r.returncode}")
    if a.mode == "metadata" and kind == "trafilatura":
        return
    cmd = [sys.executable, str(scorer[0])] + scorer[1:] + (["--fails", str(a.fails)] if a.fails else [])
    sys.exit(subprocess.run(cmd).returncode)


if __name__ == "__main__":
    main()
