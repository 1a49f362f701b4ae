"""ctypes binding of libriptide_extractor's C ABI for the robustness suites,
plus the checks they share: the documented JSON shapes, process probes read
from /proc/self, and the summary table. Standard library only.
"""
import ctypes
import json
import os
import sys
import time

# RxStatus values (include/riptide_extractor.h) -> names as rx_status_name().
STATUS_NAMES = dict(enumerate([
    "ok", "invalid_argument", "invalid_config", "invalid_options", "unsupported_mode",
    "input_too_large", "component_load", "timeout", "memory_limit", "fuel_exhausted",
    "guest_trap", "invalid_html", "parse_error", "extraction_failed", "panic", "internal",
    "output_too_large", "resource_limit", "signal_handlers", "host_resources",
]))
OK = 0
STATUS = {name: i for i, name in STATUS_NAMES.items()}
# Statuses that are a library bug whenever they appear (README: "panic ... a
# library bug: please report"; "internal ... unexpected internal failure").
BUG_STATUSES = {STATUS["panic"], STATUS["internal"]}

# The result object (README "The result JSON"): key -> allowed JSON types.
STR, NULL, LIST, INT = str, type(None), list, int
RESULT_KEYS = {
    "url": (STR,), "title": (STR, NULL), "byline": (STR, NULL), "published_iso": (STR, NULL),
    "markdown": (STR,), "text": (STR,), "links": (LIST,), "media": (LIST,),
    "language": (STR, NULL), "reading_time": (INT, NULL), "quality_score": (INT, NULL),
    "word_count": (INT, NULL), "categories": (LIST,), "site_name": (STR, NULL),
    "description": (STR, NULL),
}
STATS_KEYS = {
    "processing_time_ms": (INT,), "memory_used": (INT,), "nodes_processed": (INT, NULL),
    "links_found": (INT,), "images_found": (INT,), "host_total_us": (INT,),
    "decode_ns": (INT,), "instantiate_ns": (INT,), "guest_call_ns": (INT,),
    "teardown_ns": (INT,), "convert_ns": (INT,), "input_encoding": (STR,),
}

c_char_pp = ctypes.POINTER(ctypes.c_char_p)


class Lib:
    """The shared library with every function's signature declared."""

    def __init__(self, path):
        if not os.path.exists(path):
            raise SystemExit(f"library not found: {path} (run `make build`)")
        lib = ctypes.CDLL(os.path.abspath(path))
        vp, sz, cp = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p
        out_p = ctypes.POINTER(ctypes.c_void_p)
        szp = ctypes.POINTER(ctypes.c_size_t)
        sig = {
            "rx_version": (cp, []),
            "rx_status_name": (cp, [ctypes.c_int]),
            "rx_string_free": (None, [vp]),
            "rx_extractor_new": (ctypes.c_int, [cp, out_p, out_p]),
            "rx_extractor_new_from_file": (ctypes.c_int, [cp, cp, out_p, out_p]),
            "rx_extractor_free": (None, [vp]),
            "rx_extract": (ctypes.c_int, [vp, cp, sz, cp, cp, cp, out_p, szp]),
            "rx_extractor_stats": (ctypes.c_int, [vp, out_p, szp]),
            "rx_extractor_info": (ctypes.c_int, [vp, out_p, szp]),
        }
        for name, (res, args) in sig.items():
            f = getattr(lib, name)
            f.restype, f.argtypes = res, args
        self.lib = lib

    def _take(self, p):
        """Copies and frees a library-owned string; None for NULL."""
        if not p.value:
            return None
        raw = ctypes.string_at(p.value)
        self.lib.rx_string_free(p)
        return raw

    def new(self, config=None, component=None):
        """An extractor handle (the embedded component, or a component file)."""
        ex, err = ctypes.c_void_p(), ctypes.c_void_p()
        cfg = None if config is None else json.dumps(config).encode()
        if component:
            st = self.lib.rx_extractor_new_from_file(component.encode(), cfg, ctypes.byref(ex), ctypes.byref(err))
        else:
            st = self.lib.rx_extractor_new(cfg, ctypes.byref(ex), ctypes.byref(err))
        msg = self._take(err)
        if st != OK:
            raise RuntimeError(f"rx_extractor_new: {STATUS_NAMES[st]}: {msg!r}")
        return Extractor(self, ex)


class Extractor:
    def __init__(self, lib, handle):
        self.lib, self.handle = lib, handle

    def extract(self, html, url=None, options=None, charset=None):
        """(status, raw output bytes, out_len) of one rx_extract call."""
        out, out_len = ctypes.c_void_p(), ctypes.c_size_t(12345)
        enc = lambda s: s if s is None or isinstance(s, bytes) else s.encode("utf-8", "surrogatepass")
        st = self.lib.lib.rx_extract(self.handle, html, len(html), enc(url), enc(options), enc(charset),
                                     ctypes.byref(out), ctypes.byref(out_len))
        return st, self.lib._take(out), out_len.value

    def stats(self):
        out = ctypes.c_void_p()
        self.lib.lib.rx_extractor_stats(self.handle, ctypes.byref(out), None)
        return json.loads(self.lib._take(out))

    def info(self):
        out = ctypes.c_void_p()
        self.lib.lib.rx_extractor_info(self.handle, ctypes.byref(out), None)
        return json.loads(self.lib._take(out))

    def free(self):
        self.lib.lib.rx_extractor_free(self.handle)
        self.handle = None


def check_output(status, raw, out_len, with_stats=False):
    """Problems with one call's output (empty list = fine): a known status that
    is not a library bug, UTF-8 JSON, out_len right, the documented keys."""
    problems = []
    if not 0 <= status < len(STATUS_NAMES):
        return [f"unknown status {status}"]
    if status in BUG_STATUSES:
        problems.append(f"status {STATUS_NAMES[status]} (a library bug by the README)")
    if raw is None:
        return problems + ["no output string"]
    if out_len != len(raw):
        problems.append(f"out_len {out_len} != {len(raw)}")
    try:
        text = raw.decode("utf-8", "strict")
    except UnicodeDecodeError as e:
        return problems + [f"output is not UTF-8: {e}"]
    try:
        value = json.loads(text)
    except ValueError as e:
        return problems + [f"output is not JSON: {e}"]
    if status == OK:
        want = dict(RESULT_KEYS, **({"stats": (dict,)} if with_stats else {}))
        problems += _check_keys(value, want, "result")
        if with_stats and isinstance(value, dict) and isinstance(value.get("stats"), dict):
            problems += _check_keys(value["stats"], STATS_KEYS, "stats")
        if isinstance(value, dict):
            for k in ("links", "media", "categories"):
                if isinstance(value.get(k), list) and not all(isinstance(x, str) for x in value[k]):
                    problems.append(f"{k} holds a non-string")
    else:
        problems += _check_keys(value, {"code": (STR,), "message": (STR,)}, "error")
        if isinstance(value, dict) and value.get("code") != STATUS_NAMES[status]:
            problems.append(f"error code {value.get('code')!r} for status {STATUS_NAMES[status]}")
    return problems


def _check_keys(value, want, what):
    if not isinstance(value, dict):
        return [f"{what} is not an object"]
    problems = []
    if set(value) != set(want):
        missing, extra = sorted(set(want) - set(value)), sorted(set(value) - set(want))
        problems.append(f"{what} keys: missing {missing}, unexpected {extra}")
    for k, types in want.items():
        if k in value and not isinstance(value[k], types) or (k in value and isinstance(value[k], bool)):
            problems.append(f"{what}.{k} has type {type(value[k]).__name__}")
    return problems


# ---- process probes (Linux /proc) ----

def _status_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def rss_bytes():
    return _status_kib("VmRSS") * 1024


def peak_rss_bytes():
    return _status_kib("VmHWM") * 1024


def reset_peak_rss():
    """Resets VmHWM to the current RSS (Linux >= 4.0); False if not allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def open_fds():
    return len(os.listdir("/proc/self/fd")) - 1  # minus listdir's own


def threads():
    return len(os.listdir("/proc/self/task"))


def maps():
    with open("/proc/self/maps") as f:
        return sum(1 for _ in f)


# ---- locating things ----

def repo_root():
    return os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def default_lib():
    return os.environ.get("RX_LIB", os.path.join(repo_root(), "target", "release", "libriptide_extractor.so"))


def corpora_dir():
    """RX_CORPORA: unset -> None (the corpus suites are skipped); set to a
    path that does not exist -> a loud failure."""
    path = os.environ.get("RX_CORPORA")
    if not path:
        return None
    if not os.path.isdir(path):
        print(f"RX_CORPORA={path!r} does not exist or is not a directory", file=sys.stderr)
        raise SystemExit(2)
    return os.path.abspath(path)


def table(headers, rows):
    """Prints rows as an aligned text table."""
    cols = [str(h) for h in headers]
    cells = [[str(c) for c in r] for r in rows]
    widths = [max(len(cols[i]), *(len(r[i]) for r in cells)) if cells else len(cols[i]) for i in range(len(cols))]
    fmt = "  ".join("{:<%d}" % w if i == 0 else "{:>%d}" % w for i, w in enumerate(widths))
    print(fmt.format(*cols))
    for r in cells:
        print(fmt.format(*r))


class Clock:
    def __init__(self):
        self.t0 = time.monotonic()

    def s(self):
        return time.monotonic() - self.t0
