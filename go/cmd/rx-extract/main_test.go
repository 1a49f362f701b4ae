package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

const page = "../../../examples/pages/rust-book-variables-and-mutability.html"

func TestRun(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"-url", "https://doc.rust-lang.org/book/ch03-01-variables-and-mutability.html", page},
		strings.NewReader(""), &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var result map[string]interface{}
	if err := json.Unmarshal(stdout.Bytes(), &result); err != nil {
		t.Fatalf("output is not JSON: %v: %.200s", err, stdout.String())
	}
	if result["title"] != "Variables and Mutability" || result["text"] == "" {
		t.Errorf("title %v", result["title"])
	}

	// Standard input, metadata mode.
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	if code := run([]string{"-mode", "metadata", "-stats", "-"}, bytes.NewReader(html), &stdout, &stderr); code != 0 {
		t.Fatalf("stdin: exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), `"text":""`) || !strings.Contains(stdout.String(), `"stats":{`) {
		t.Errorf("metadata: %.300s", stdout.String())
	}

	// Failures.
	stderr.Reset()
	if code := run([]string{"-selector", "p[[[", page}, nil, &stdout, &stderr); code != 1 ||
		!strings.Contains(stderr.String(), "unsupported_mode (status 4)") {
		t.Errorf("bad selector: exit %d: %s", code, stderr.String())
	}
	if code := run([]string{"-nope"}, nil, &stdout, &stderr); code != 2 {
		t.Errorf("bad flag: exit %d", code)
	}
}
