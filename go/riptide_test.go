package riptide_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"riptide"
)

const (
	rustBookPath = "../examples/pages/rust-book-variables-and-mutability.html"
	rustBookURL  = "https://doc.rust-lang.org/book/ch03-01-variables-and-mutability.html"
	articlePath  = "../tests/fixtures/article.html"
	articleURL   = "https://coastal.example/articles/lighthouses.html"
	latin1Path   = "../tests/fixtures/latin1.html"
	mib          = 1 << 20
)

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return data
}

func newExtractor(t testing.TB, cfg *riptide.Config) *riptide.Extractor {
	t.Helper()
	ex, err := riptide.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { ex.Close() })
	return ex
}

// hostilePath is the misbehaving test component (tests/components/hostile).
func hostilePath(t testing.TB) string {
	t.Helper()
	path := os.Getenv("RX_HOSTILE_WASM")
	if path == "" {
		path = "../target/guest/wasm32-wasip2/release/rx_hostile_component.wasm"
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("hostile test component not found (%v): run `make hostile` in the repository root "+
			"(or set RX_HOSTILE_WASM to its path)", err)
	}
	return path
}

func str(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

// wantStatus checks that err is an *Error with the given status.
func wantStatus(t testing.TB, err error, want riptide.Status) *riptide.Error {
	t.Helper()
	var rerr *riptide.Error
	if !errors.As(err, &rerr) {
		t.Fatalf("want *riptide.Error with status %v, got %T %v", want, err, err)
	}
	if rerr.Status != want || rerr.Code != want.String() {
		t.Fatalf("want status %v, got %v (code %q): %v", want, rerr.Status, rerr.Code, err)
	}
	if rerr.Message == "" {
		t.Errorf("error without message: %#v", rerr)
	}
	return rerr
}

func TestVersionAndStatusNames(t *testing.T) {
	if v := riptide.Version(); v == "" || strings.Count(v, ".") < 2 {
		t.Errorf("Version() = %q", v)
	}
	names := map[riptide.Status]string{
		riptide.StatusOK: "ok", riptide.StatusInvalidArgument: "invalid_argument",
		riptide.StatusInvalidConfig: "invalid_config", riptide.StatusInvalidOptions: "invalid_options",
		riptide.StatusUnsupportedMode: "unsupported_mode", riptide.StatusInputTooLarge: "input_too_large",
		riptide.StatusComponentLoad: "component_load", riptide.StatusTimeout: "timeout",
		riptide.StatusMemoryLimit: "memory_limit", riptide.StatusFuelExhausted: "fuel_exhausted",
		riptide.StatusGuestTrap: "guest_trap", riptide.StatusInvalidHTML: "invalid_html",
		riptide.StatusParseError: "parse_error", riptide.StatusExtractionFailed: "extraction_failed",
		riptide.StatusPanic: "panic", riptide.StatusInternal: "internal",
		riptide.StatusOutputTooLarge: "output_too_large", riptide.StatusResourceLimit: "resource_limit",
		riptide.StatusSignalHandlers: "signal_handlers", riptide.StatusHostResources: "host_resources",
		riptide.Status(20): "unknown", riptide.Status(99): "unknown", riptide.Status(-1): "unknown",
	}
	for st, want := range names {
		if got := st.String(); got != want {
			t.Errorf("Status(%d).String() = %q, want %q", int(st), got, want)
		}
	}
	if riptide.StatusTimeout != 7 || riptide.StatusInternal != 15 || riptide.StatusResourceLimit != 17 ||
		riptide.StatusSignalHandlers != 18 || riptide.StatusHostResources != 19 {
		t.Errorf("status values differ from the C ABI")
	}
}

func TestRealPage(t *testing.T) {
	ex := newExtractor(t, nil)
	page, err := ex.Extract(readFile(t, rustBookPath), rustBookURL, nil)
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	if got := str(page.Title); got != "Variables and Mutability" {
		t.Errorf("title = %q", got)
	}
	if page.URL != rustBookURL {
		t.Errorf("url = %q", page.URL)
	}
	if strings.TrimSpace(page.Text) == "" || strings.TrimSpace(page.Markdown) == "" {
		t.Errorf("empty text or markdown")
	}
	if !strings.Contains(page.Text, "immutable") {
		t.Errorf("text lacks the chapter's content: %.300q", page.Text)
	}
	if got := str(page.Language); got != "en" {
		t.Errorf("language = %q", got)
	}
	if page.WordCount == nil || *page.WordCount < 500 {
		t.Errorf("word_count = %v", page.WordCount)
	}
	if page.ReadingTime == nil || *page.ReadingTime == 0 {
		t.Errorf("reading_time = %v", page.ReadingTime)
	}
	if page.QualityScore == nil || *page.QualityScore > 100 {
		t.Errorf("quality_score = %v", page.QualityScore)
	}
	if len(page.Links) == 0 {
		t.Errorf("no links")
	}
	for _, l := range page.Links {
		if !strings.HasPrefix(l, "http") {
			t.Errorf("link not absolute: %q", l)
		}
	}
	if page.Media == nil || page.Categories == nil {
		t.Errorf("nil lists: media %v, categories %v", page.Media, page.Categories)
	}
	if page.Stats != nil {
		t.Errorf("stats without WithStats")
	}
}

func TestFixtureArticle(t *testing.T) {
	ex := newExtractor(t, nil)
	page, err := ex.Extract(readFile(t, articlePath), articleURL, &riptide.Options{Mode: riptide.ModeArticle, WithStats: true})
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	checks := []struct{ field, got, want string }{
		{"title", str(page.Title), "How Lighthouses Work"},
		{"byline", str(page.Byline), "Maria Keeper"},
		{"published_iso", str(page.PublishedISO), "2024-03-05T10:20:00+01:00"},
		{"site_name", str(page.SiteName), "The Coastal Review"},
		{"language", str(page.Language), "en"},
		{"description", str(page.Description), "A short history of lighthouse optics, from open fires to Fresnel lenses."},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
	if !strings.Contains(page.Text, "Fresnel") || strings.Contains(page.Text, "All rights reserved") {
		t.Errorf("article text: %q", page.Text)
	}
	if page.Stats == nil {
		t.Fatalf("no stats with WithStats")
	}
	if page.Stats.InputEncoding != "UTF-8" || page.Stats.HostTotalUs == 0 || page.Stats.MemoryUsed == 0 ||
		page.Stats.InstantiateNs == 0 || page.Stats.GuestCallNs == 0 || page.Stats.GuestCallNs/1000 > page.Stats.HostTotalUs {
		t.Errorf("stats = %+v", *page.Stats)
	}
}

func TestPoolingAllocator(t *testing.T) {
	plain := newExtractor(t, nil)
	pooled := newExtractor(t, &riptide.Config{InstanceAllocator: "pooling"})
	html := readFile(t, articlePath)
	for i := 0; i < 3; i++ {
		a, err := plain.ExtractJSON(html, articleURL, nil)
		if err != nil {
			t.Fatalf("on-demand: %v", err)
		}
		b, err := pooled.ExtractJSON(html, articleURL, nil)
		if err != nil {
			t.Fatalf("pooling: %v", err)
		}
		if string(a) != string(b) {
			t.Fatalf("pooling result differs:\n%s\n%s", a, b)
		}
	}
	if _, err := riptide.New(&riptide.Config{InstanceAllocator: "magic"}); !errors.Is(err, riptide.ErrInvalidConfig) {
		t.Fatalf("bad allocator: %v", err)
	}
}

func TestModes(t *testing.T) {
	ex := newExtractor(t, nil)
	html := readFile(t, articlePath)
	extract := func(opts *riptide.Options) *riptide.ExtractedContent {
		t.Helper()
		page, err := ex.Extract(html, articleURL, opts)
		if err != nil {
			t.Fatalf("Extract(%+v): %v", *opts, err)
		}
		return page
	}

	article := extract(&riptide.Options{Mode: riptide.ModeArticle})
	if !strings.Contains(article.Text, "Rotating beams") {
		t.Errorf("article: %q", article.Text)
	}
	full := extract(&riptide.Options{Mode: riptide.ModeFull})
	if !strings.Contains(full.Text, "Fresnel") || !strings.Contains(full.Text, "Related stories") {
		t.Errorf("full lacks article or sidebar: %q", full.Text)
	}
	meta := extract(&riptide.Options{Mode: riptide.ModeMetadata})
	if meta.Text != "" || meta.Markdown != "" {
		t.Errorf("metadata text %q markdown %q", meta.Text, meta.Markdown)
	}
	if str(meta.Title) != "How Lighthouses Work" || str(meta.SiteName) != "The Coastal Review" {
		t.Errorf("metadata: title %q site %q", str(meta.Title), str(meta.SiteName))
	}
	custom := extract(&riptide.Options{Mode: riptide.ModeCustom, Selectors: []string{"h2", "ul li"}})
	if !strings.Contains(custom.Text, "Rotating beams") || strings.Contains(custom.Text, "Fresnel") {
		t.Errorf("custom: %q", custom.Text)
	}
	if !strings.Contains(custom.Text, "Occulting lights") {
		t.Errorf("custom lacks list items: %q", custom.Text)
	}
	// The zero value of Options is article mode.
	def := extract(&riptide.Options{})
	if def.Text != article.Text {
		t.Errorf("default options differ from article mode")
	}
	// SkipMarkdown: the same text, no Markdown.
	if article.Markdown == "" {
		t.Errorf("article has no markdown")
	}
	plain := extract(&riptide.Options{SkipMarkdown: true})
	if plain.Markdown != "" || plain.Text != article.Text {
		t.Errorf("SkipMarkdown: markdown %q, same text %v", plain.Markdown, plain.Text == article.Text)
	}
	// Favor: every name is accepted, an unknown one is invalid options.
	for _, f := range []string{"balanced", "precision", "recall"} {
		if page := extract(&riptide.Options{Favor: f}); page.Text == "" {
			t.Errorf("Favor %q: empty text", f)
		}
	}
	var rerr *riptide.Error
	if _, err := ex.Extract(html, articleURL, &riptide.Options{Favor: "speed"}); !errors.As(err, &rerr) || rerr.Status != riptide.StatusInvalidOptions {
		t.Errorf("Favor speed: %v", err)
	}
}

func TestCacheDir(t *testing.T) {
	dir := t.TempDir()
	info, err := newExtractor(t, &riptide.Config{CacheDir: &dir}).Info()
	if err != nil {
		t.Fatalf("Info: %v", err)
	}
	if info.Config.CacheDir == nil || *info.Config.CacheDir != dir {
		t.Errorf("cache_dir %q in info: %v", dir, info.Config.CacheDir)
	}
	// "" disables the cache: info then names no directory.
	off := ""
	info, err = newExtractor(t, &riptide.Config{CacheDir: &off}).Info()
	if err != nil {
		t.Fatalf("Info: %v", err)
	}
	if info.Config.CacheDir != nil {
		t.Errorf("disabled cache, cache_dir in info: %q", *info.Config.CacheDir)
	}
}

func TestCharset(t *testing.T) {
	ex := newExtractor(t, nil)
	html := readFile(t, latin1Path)
	page, err := ex.Extract(html, "http://x.example/", &riptide.Options{WithStats: true})
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	if str(page.Title) != "Café crème" || !strings.Contains(page.Text, "café crème") {
		t.Errorf("latin1 by meta: title %q text %q", str(page.Title), page.Text)
	}
	if page.Stats == nil || page.Stats.InputEncoding != "windows-1252" {
		t.Errorf("stats %+v", page.Stats)
	}
	// The caller's hint beats <meta charset>: é read as windows-1251 is "й".
	page, err = ex.Extract(html, "http://x.example/", &riptide.Options{Charset: "text/html; charset=windows-1251"})
	if err != nil {
		t.Fatalf("Extract with charset: %v", err)
	}
	if !strings.Contains(str(page.Title), "Cafй") {
		t.Errorf("hint ignored: title %q", str(page.Title))
	}
}

func TestQueries(t *testing.T) {
	ex := newExtractor(t, nil)
	modes, err := ex.Modes()
	if err != nil {
		t.Fatalf("Modes: %v", err)
	}
	if strings.Join(modes, ",") != "article,full,metadata,custom" {
		t.Errorf("modes = %v", modes)
	}
	info, err := ex.Info()
	if err != nil {
		t.Fatalf("Info: %v", err)
	}
	if info.LibraryVersion != riptide.Version() || info.WasmtimeVersion == "" || info.Component.Name == "" ||
		len(info.Component.SupportedModes) != 4 {
		t.Errorf("info = %+v", *info)
	}
	if info.Config.MaxMemoryBytes != 128*mib || info.Config.TimeoutMs != 30000 || info.Config.Fuel != nil ||
		info.Config.MaxInputBytes != 4*mib {
		t.Errorf("default config = %+v", info.Config)
	}
	health, err := ex.Health()
	if err != nil {
		t.Fatalf("Health: %v", err)
	}
	if health.Status != "healthy" || !health.ProbeOK {
		t.Errorf("health = %+v", *health)
	}
	valid, err := ex.ValidateHTML(readFile(t, articlePath), "")
	if err != nil || !valid {
		t.Errorf("ValidateHTML(article) = %v, %v", valid, err)
	}
	valid, err = ex.ValidateHTML(readFile(t, latin1Path), "iso-8859-1")
	if err != nil || !valid {
		t.Errorf("ValidateHTML(latin1) = %v, %v", valid, err)
	}
	valid, err = ex.ValidateHTML(nil, "")
	if err != nil || valid {
		t.Errorf("ValidateHTML(nil) = %v, %v", valid, err)
	}

	// Limits given in Config show up in Info.
	fuel := uint64(5_000_000_000)
	ex2 := newExtractor(t, &riptide.Config{TimeoutMs: 1234, Fuel: &fuel})
	info, err = ex2.Info()
	if err != nil {
		t.Fatalf("Info: %v", err)
	}
	if info.Config.TimeoutMs != 1234 || info.Config.Fuel == nil || *info.Config.Fuel != fuel ||
		info.Config.MaxMemoryBytes != 128*mib {
		t.Errorf("config = %+v", info.Config)
	}
}

func TestInputErrors(t *testing.T) {
	ex := newExtractor(t, &riptide.Config{MaxInputBytes: 4096})
	html := readFile(t, articlePath)

	cases := []struct {
		name   string
		html   []byte
		url    string
		opts   *riptide.Options
		status riptide.Status
	}{
		{"unknown mode", html, articleURL, &riptide.Options{Mode: "bogus"}, riptide.StatusUnsupportedMode},
		{"invalid selector", html, articleURL, &riptide.Options{Mode: riptide.ModeCustom, Selectors: []string{"p[[["}}, riptide.StatusUnsupportedMode},
		{"custom without selectors", html, articleURL, &riptide.Options{Mode: riptide.ModeCustom}, riptide.StatusUnsupportedMode},
		{"empty selector", html, articleURL, &riptide.Options{Mode: riptide.ModeCustom, Selectors: []string{""}}, riptide.StatusUnsupportedMode},
		{"selectors without custom", html, articleURL, &riptide.Options{Mode: riptide.ModeFull, Selectors: []string{"p"}}, riptide.StatusInvalidOptions},
		{"NUL in url", html, "http://a\x00b", nil, riptide.StatusInvalidArgument},
		{"invalid UTF-8 url", html, "http://\xff/", nil, riptide.StatusInvalidArgument},
		{"empty document", nil, articleURL, nil, riptide.StatusInvalidHTML},
	}
	for _, c := range cases {
		_, err := ex.Extract(c.html, c.url, c.opts)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		wantStatus(t, err, c.status)
		if !errors.Is(err, riptide.ErrInvalidInput) {
			t.Errorf("%s: not ErrInvalidInput: %v", c.name, err)
		}
		if errors.Is(err, riptide.ErrTimeout) || errors.Is(err, riptide.ErrInputTooLarge) || errors.Is(err, riptide.ErrClosed) {
			t.Errorf("%s: matches an unrelated sentinel: %v", c.name, err)
		}
		if !errors.Is(err, &riptide.Error{Status: c.status}) {
			t.Errorf("%s: errors.Is(*Error with same status) false", c.name)
		}
	}

	// Input over MaxInputBytes (4096): the rust book page is far larger.
	big := readFile(t, rustBookPath)
	_, err := ex.Extract(big, rustBookURL, nil)
	wantStatus(t, err, riptide.StatusInputTooLarge)
	if !errors.Is(err, riptide.ErrInputTooLarge) || !errors.Is(err, riptide.ErrInvalidInput) {
		t.Errorf("oversized input: %v", err)
	}
	// The handle still works after failures.
	page, err := ex.Extract(html, articleURL, &riptide.Options{Mode: riptide.ModeMetadata})
	if err != nil || str(page.Title) != "How Lighthouses Work" {
		t.Fatalf("after failures: %v", err)
	}
	stats, err := ex.Stats()
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	if stats.LimitHits.InputSize != 1 {
		t.Errorf("input_size hits = %d", stats.LimitHits.InputSize)
	}
}

func TestConfigErrors(t *testing.T) {
	zero := uint64(0)
	bad := []*riptide.Config{
		{MaxMemoryBytes: 12},
		{TimeoutMs: 86_400_001},
		{Fuel: &zero},
		{MaxInputBytes: 2 << 30},
	}
	for _, cfg := range bad {
		ex, err := riptide.New(cfg)
		if ex != nil {
			t.Errorf("New(%+v) returned an extractor", *cfg)
			ex.Close()
		}
		wantStatus(t, err, riptide.StatusInvalidConfig)
		if !errors.Is(err, riptide.ErrInvalidConfig) || errors.Is(err, riptide.ErrInvalidInput) {
			t.Errorf("New(%+v): %v", *cfg, err)
		}
	}
	// An empty Config is all defaults.
	newExtractor(t, &riptide.Config{})

	_, err := riptide.NewFromFile(filepath.Join(t.TempDir(), "missing.wasm"), nil)
	wantStatus(t, err, riptide.StatusComponentLoad)
	if !errors.Is(err, riptide.ErrComponentLoad) {
		t.Errorf("missing file: %v", err)
	}
	_, err = riptide.NewFromFile(articlePath, nil) // not a component
	wantStatus(t, err, riptide.StatusComponentLoad)
	_, err = riptide.NewFromFile("", nil)
	wantStatus(t, err, riptide.StatusInvalidArgument)
	_, err = riptide.NewFromBytes([]byte("not a wasm component"), nil)
	wantStatus(t, err, riptide.StatusComponentLoad)
	_, err = riptide.NewFromBytes(nil, nil)
	wantStatus(t, err, riptide.StatusInvalidArgument)
	// The config is checked before the component is loaded.
	_, err = riptide.NewFromFile(filepath.Join(t.TempDir(), "missing.wasm"), &riptide.Config{MaxMemoryBytes: 12})
	wantStatus(t, err, riptide.StatusInvalidConfig)
}

func TestHostileComponent(t *testing.T) {
	path := hostilePath(t)
	ex, err := riptide.NewFromFile(path, &riptide.Config{TimeoutMs: 200, MaxMemoryBytes: 16 * mib})
	if err != nil {
		t.Fatalf("NewFromFile(%s): %v", path, err)
	}
	defer ex.Close()
	html := []byte("<p>hello</p>")

	start := time.Now()
	_, err = ex.Extract(html, "hostile://loop", nil)
	if !errors.Is(err, riptide.ErrTimeout) {
		t.Fatalf("loop: want ErrTimeout, got %v", err)
	}
	wantStatus(t, err, riptide.StatusTimeout)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("timeout of 200 ms took %v", d)
	}

	_, err = ex.Extract(html, "hostile://alloc", nil)
	if !errors.Is(err, riptide.ErrMemoryLimit) {
		t.Fatalf("alloc: want ErrMemoryLimit, got %v", err)
	}

	_, err = ex.Extract(html, "hostile://trap", nil)
	wantStatus(t, err, riptide.StatusGuestTrap)
	if !errors.Is(err, riptide.ErrGuestTrap) || errors.Is(err, riptide.ErrInvalidInput) {
		t.Errorf("trap: %v", err)
	}

	_, err = ex.Extract(html, "hostile://bad-utf8", nil)
	wantStatus(t, err, riptide.StatusGuestTrap)

	_, err = ex.Extract(html, "hostile://error/parse-error", nil)
	wantStatus(t, err, riptide.StatusParseError)

	noPreinit := false
	bounded, err := riptide.NewFromFile(path, &riptide.Config{MaxMemoryBytes: 16 * mib,
		MaxOutputBytes: 4 * mib, MaxWasiResources: 10, Preinit: &noPreinit})
	if err != nil {
		t.Fatalf("NewFromFile(%s) with output and resource caps: %v", path, err)
	}
	defer bounded.Close()
	_, err = bounded.Extract(html, "hostile://links/2", nil) // 2 x 8 MiB past 4 MiB
	wantStatus(t, err, riptide.StatusOutputTooLarge)
	if !errors.Is(err, riptide.ErrOutputTooLarge) {
		t.Errorf("links: %v", err)
	}
	_, err = bounded.Extract(html, "hostile://pollables", nil)
	wantStatus(t, err, riptide.StatusResourceLimit)
	if !errors.Is(err, riptide.ErrResourceLimit) {
		t.Errorf("pollables: %v", err)
	}

	page, err := ex.Extract(html, "hostile://ok", &riptide.Options{Mode: riptide.ModeFull})
	if err != nil {
		t.Fatalf("ok after failures: %v", err)
	}
	if page.Text != string(html) || str(page.Title) != "full" || page.URL != "hostile://ok" {
		t.Errorf("ok: %+v", *page)
	}

	stats, err := ex.Stats()
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	if stats.Extractions != 6 || stats.Successes != 1 || stats.Failures != 5 ||
		stats.LimitHits.Timeout != 1 || stats.LimitHits.Memory != 1 || stats.Traps < 1 {
		t.Errorf("stats = %+v", *stats)
	}
	health, err := ex.Health()
	if err != nil || health.Status != "degraded" {
		t.Errorf("Health = %+v, %v", health, err)
	}

	// Fuel, with the component given as bytes.
	fuel := uint64(10_000_000)
	fex, err := riptide.NewFromBytes(readFile(t, path), &riptide.Config{Fuel: &fuel})
	if err != nil {
		t.Fatalf("NewFromBytes: %v", err)
	}
	defer fex.Close()
	_, err = fex.Extract(html, "hostile://loop", nil)
	if !errors.Is(err, riptide.ErrFuelExhausted) {
		t.Fatalf("loop with fuel: want ErrFuelExhausted, got %v", err)
	}
	if _, err = fex.Extract(html, "hostile://ok", nil); err != nil {
		t.Fatalf("ok after fuel exhaustion: %v", err)
	}
}

func TestConcurrentExtract(t *testing.T) {
	ex := newExtractor(t, nil)
	pages := []struct {
		html  []byte
		url   string
		title string
	}{
		{readFile(t, rustBookPath), rustBookURL, "Variables and Mutability"},
		{readFile(t, articlePath), articleURL, "How Lighthouses Work"},
		{readFile(t, latin1Path), "http://x.example/", "Café crème"},
	}
	const goroutines, rounds = 64, 2
	modes := []riptide.Mode{riptide.ModeArticle, riptide.ModeFull, riptide.ModeMetadata}
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*rounds*len(pages))
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				for i, p := range pages {
					mode := modes[(g+r+i)%len(modes)]
					page, err := ex.Extract(p.html, p.url, &riptide.Options{Mode: mode})
					if err != nil {
						errs <- err
						continue
					}
					if str(page.Title) != p.title || (mode != riptide.ModeMetadata && page.Text == "") {
						errs <- errors.New("goroutine got a wrong result: " + str(page.Title))
					}
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	stats, err := ex.Stats()
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	want := uint64(goroutines * rounds * len(pages))
	var bytesIn uint64
	for _, p := range pages {
		bytesIn += uint64(len(p.html))
	}
	if stats.Extractions != want || stats.Successes != want || stats.Failures != 0 ||
		stats.BytesIn != bytesIn*goroutines*rounds || stats.MeanTimeMs <= 0 || stats.MaxTimeMs < stats.MeanTimeMs {
		t.Errorf("stats = %+v, want %d extractions", *stats, want)
	}
}

func TestClose(t *testing.T) {
	ex, err := riptide.New(nil)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	html := readFile(t, articlePath)
	if _, err := ex.Extract(html, articleURL, nil); err != nil {
		t.Fatalf("Extract: %v", err)
	}
	if err := ex.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := ex.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := ex.Extract(html, articleURL, nil); !errors.Is(err, riptide.ErrClosed) {
		t.Errorf("Extract after Close: %v", err)
	}
	if _, err := ex.ExtractJSON(html, articleURL, nil); err != riptide.ErrClosed {
		t.Errorf("ExtractJSON after Close: %v", err)
	}
	if _, err := ex.ValidateHTML(html, ""); err != riptide.ErrClosed {
		t.Errorf("ValidateHTML after Close: %v", err)
	}
	if _, err := ex.Info(); err != riptide.ErrClosed {
		t.Errorf("Info after Close: %v", err)
	}
	if _, err := ex.Health(); err != riptide.ErrClosed {
		t.Errorf("Health after Close: %v", err)
	}
	if _, err := ex.Modes(); err != riptide.ErrClosed {
		t.Errorf("Modes after Close: %v", err)
	}
	if _, err := ex.Stats(); err != riptide.ErrClosed {
		t.Errorf("Stats after Close: %v", err)
	}
	var nilEx *riptide.Extractor
	if _, err := nilEx.Extract(html, "", nil); err != riptide.ErrClosed {
		t.Errorf("nil Extractor: %v", err)
	}
	if err := nilEx.Close(); err != nil {
		t.Errorf("nil Close: %v", err)
	}
}

func TestCloseDuringExtract(t *testing.T) {
	ex, err := riptide.New(nil)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	html := readFile(t, rustBookPath)
	var wg sync.WaitGroup
	started := make(chan struct{}, 16)
	var mu sync.Mutex
	ok, closed := 0, 0
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				if i == 1 {
					started <- struct{}{}
				}
				page, err := ex.Extract(html, rustBookURL, nil)
				mu.Lock()
				switch {
				case errors.Is(err, riptide.ErrClosed):
					closed++
					mu.Unlock()
					return
				case err != nil:
					mu.Unlock()
					t.Errorf("Extract during Close: %v", err)
					return
				case str(page.Title) != "Variables and Mutability":
					t.Errorf("title %q", str(page.Title))
				}
				ok++
				mu.Unlock()
			}
		}()
	}
	for i := 0; i < 16; i++ { // every goroutine has finished one extraction
		<-started
	}
	var cwg sync.WaitGroup
	for i := 0; i < 4; i++ { // concurrent Closes too
		cwg.Add(1)
		go func() { defer cwg.Done(); ex.Close() }()
	}
	cwg.Wait()
	wg.Wait()
	if closed != 16 || ok < 16 {
		t.Errorf("closed %d goroutines, %d extractions", closed, ok)
	}
}

func TestExtractJSONAndFinalizer(t *testing.T) {
	ex, err := riptide.New(nil)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	data, err := ex.ExtractJSON(readFile(t, articlePath), articleURL, &riptide.Options{Mode: riptide.ModeMetadata})
	if err != nil {
		t.Fatalf("ExtractJSON: %v", err)
	}
	if !bytes.HasPrefix(data, []byte("{")) || !bytes.Contains(data, []byte(`"title":"How Lighthouses Work"`)) ||
		!bytes.Contains(data, []byte(`"text":""`)) {
		t.Errorf("json = %s", data)
	}
	// Dropped without Close: the finalizer releases the handle.
	ex = nil
	for i := 0; i < 3; i++ {
		runtime.GC()
	}
}
