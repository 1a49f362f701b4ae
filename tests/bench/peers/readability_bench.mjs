#!/usr/bin/env node
// Peer benchmark: Mozilla Readability.js (on linkedom) single-thread throughput on
// trafilatura-eval's real pages.
//
//   node readability_bench.mjs [CORPUS_HTML_DIR] [--limit N] [--warmup K]
//
// CORPUS_HTML_DIR holds NAME.gz pages (raw bytes in their own charsets); without it,
// $RX_CORPORA/trafilatura-eval/html. Modules come from target/peers/node (setup.sh), or
// from $RX_PEERS_NODE.
//
// Every page is gunzipped into memory first (not timed). After a warm-up over the first K
// pages (not counted), one pass over all pages is timed on the main thread; per page:
//   1. decode the bytes to a string (timed, as trafilatura and our library decode inside
//      their call): a BOM wins; else the first <meta charset=X> or
//      <meta http-equiv=Content-Type content="...; charset=X"> in the first 4096 bytes, if
//      Node's TextDecoder knows X (utf-16 labels from a meta mean UTF-8, as in browsers);
//      else UTF-8 (invalid bytes become U+FFFD). No statistical detection.
//   2. const { document } = parseHTML(text)             (linkedom)
//   3. new Readability(document).parse()                (default options)
// "ok" = parse() returned an article whose textContent is non-empty after trim. A page that
// throws counts as not ok; the run goes on.
//
// Prints one JSON line on stdout:
// {"tool":"readability.js","version":...,"pages":N,"ok":N_nonempty,"seconds":S,"pages_per_s":P,...}
// (extra keys: cpu_seconds (user+sys of the process, GC helper threads included), errors,
// dom, runtime, charsets). Details go to stderr.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const die = (msg) => {
  process.stderr.write(`readability_bench: ${msg}\n`);
  process.exit(2);
};

// --- arguments ---
let corpusArg = null;
let limit = 0;
let warmup = 5;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--limit") limit = parseInt(argv[++i], 10);
  else if (a.startsWith("--limit=")) limit = parseInt(a.slice(8), 10);
  else if (a === "--warmup") warmup = parseInt(argv[++i], 10);
  else if (a.startsWith("--warmup=")) warmup = parseInt(a.slice(9), 10);
  else if (a === "-h" || a === "--help") {
    process.stdout.write("usage: readability_bench.mjs [CORPUS_HTML_DIR] [--limit N] [--warmup K]\n");
    process.exit(0);
  } else if (a.startsWith("-")) die(`unknown option ${a}`);
  else corpusArg = a;
}
if (!Number.isFinite(limit) || limit < 0) die("--limit needs a number");
if (!Number.isFinite(warmup) || warmup < 0) die("--warmup needs a number");

let dir;
if (corpusArg) dir = corpusArg;
else if (process.env.RX_CORPORA) dir = path.join(process.env.RX_CORPORA, "trafilatura-eval", "html");
else die("no corpus: pass CORPUS_HTML_DIR (trafilatura-eval/html) or set RX_CORPORA");
if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) die(`corpus directory does not exist: ${dir}`);
if (!fs.readdirSync(dir).some((n) => n.endsWith(".gz")) && fs.existsSync(path.join(dir, "html"))) dir = path.join(dir, "html");

// --- modules from target/peers/node ---
const here = path.dirname(fileURLToPath(import.meta.url));
const nodeDir = process.env.RX_PEERS_NODE || path.resolve(here, "../../../target/peers/node");
if (!fs.existsSync(path.join(nodeDir, "node_modules"))) die(`no node_modules in ${nodeDir}: run tests/bench/peers/setup.sh`);
const require = createRequire(path.join(nodeDir, "package.json"));
const { Readability } = require("@mozilla/readability");
const { parseHTML } = require("linkedom");
const pkgVersion = (name) =>
  JSON.parse(fs.readFileSync(path.join(nodeDir, "node_modules", name, "package.json"), "utf8")).version;

// --- pages ---
let names = fs.readdirSync(dir).filter((n) => n.endsWith(".gz")).sort();
if (limit > 0) names = names.slice(0, limit);
if (names.length === 0) die(`no .gz pages in ${dir}`);
const pages = names.map((n) => ({ name: n.slice(0, -3), bytes: zlib.gunzipSync(fs.readFileSync(path.join(dir, n))) }));

// --- decoding ---
const decoders = new Map();
function decoderFor(label) {
  let d = decoders.get(label);
  if (d === undefined) {
    try {
      d = new TextDecoder(label);
      if (d.encoding.startsWith("utf-16")) d = null; // a meta can't mean UTF-16: use UTF-8
    } catch {
      d = null; // label Node doesn't know: UTF-8
    }
    decoders.set(label, d);
  }
  return d;
}
const utf8 = new TextDecoder("utf-8");
const META_CHARSET = /<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:+-]+)/i;
const charsets = {};
function decode(bytes) {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return note("utf-8 (bom)", utf8.decode(bytes));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return note("utf-16le (bom)", new TextDecoder("utf-16le").decode(bytes));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return note("utf-16be (bom)", new TextDecoder("utf-16be").decode(bytes));
  const m = META_CHARSET.exec(bytes.subarray(0, 4096).toString("latin1"));
  if (m) {
    const d = decoderFor(m[1].toLowerCase());
    if (d) return note(d.encoding, d.decode(bytes));
    return note("utf-8 (unknown meta label)", utf8.decode(bytes));
  }
  return note("utf-8 (no meta)", utf8.decode(bytes));
}
function note(enc, text) {
  if (counting) charsets[enc] = (charsets[enc] || 0) + 1;
  return text;
}
let counting = false;

function extract(bytes) {
  const { document } = parseHTML(decode(bytes));
  return new Readability(document).parse();
}

// --- warm-up, then one timed pass ---
for (const p of pages.slice(0, warmup)) {
  try {
    extract(p.bytes);
  } catch {}
}
counting = true;
let ok = 0;
let errors = 0;
const empty = [];
const slow = [];
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (const p of pages) {
  const s = performance.now();
  try {
    const art = extract(p.bytes);
    if (art && art.textContent && art.textContent.trim()) ok++;
    else empty.push(p.name);
  } catch (e) {
    errors++;
    process.stderr.write(`readability_bench: ${p.name}: ${(e && e.stack ? e.stack.split("\n").slice(0, 2).join(" | ") : e)}\n`);
  }
  slow.push([performance.now() - s, p.name]);
}
const seconds = (performance.now() - t0) / 1e3;
const cpu = process.cpuUsage(cpu0);

slow.sort((a, b) => b[0] - a[0]);
if (empty.length) process.stderr.write(`readability_bench: ${empty.length} pages with no article: ${empty.slice(0, 10).join(", ")}${empty.length > 10 ? ", ..." : ""}\n`);
process.stderr.write(`readability_bench: slowest pages: ${slow.slice(0, 3).map(([ms, n]) => `${n} ${ms.toFixed(0)} ms`).join(", ")}\n`);
const r3 = (x) => Math.round(x * 1000) / 1000;
process.stdout.write(
  JSON.stringify({
    tool: "readability.js",
    version: pkgVersion("@mozilla/readability"),
    pages: pages.length,
    ok,
    seconds: r3(seconds),
    pages_per_s: Math.round((pages.length / seconds) * 10) / 10,
    cpu_seconds: r3((cpu.user + cpu.system) / 1e6),
    errors,
    dom: `linkedom ${pkgVersion("linkedom")}`,
    runtime: `node ${process.version}`,
    charsets,
  }) + "\n",
);
