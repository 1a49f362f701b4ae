"""Writes a directory of .html.gz pages into one WARC (a gzip member per
`response` record) and the matching rx_batch list; used by test_cli.py and
bench_cli.py."""
import gzip
import io
import os

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def write(html_dir, warc, lst, out_dir):
    """Returns the page names; page NAME.html.gz has the URL
    https://corpus.example/NAME.html and rx_batch writes out_dir/NAME.json."""
    names = sorted(n for n in os.listdir(html_dir) if n.endswith(".html.gz"))
    os.makedirs(out_dir, exist_ok=True)
    with open(warc, "wb") as f, open(lst, "w") as l:
        w = WARCWriter(f, gzip=True)
        for n in names:
            body = gzip.open(os.path.join(html_dir, n)).read()
            uri = f"https://corpus.example/{n[:-3]}"
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http))
            l.write(f"{os.path.join(html_dir, n)}\t{uri}\t{os.path.join(out_dir, n[:-8])}.json\n")
    return names
