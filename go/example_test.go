package riptide_test

import (
	"errors"
	"fmt"
	"os"

	"riptide"
)

func Example() {
	html, err := os.ReadFile("../tests/fixtures/article.html")
	if err != nil {
		panic(err)
	}
	ex, err := riptide.New(nil) // default limits, embedded extractor component
	if err != nil {
		panic(err)
	}
	defer ex.Close()

	page, err := ex.Extract(html, "https://coastal.example/articles/lighthouses.html", nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(*page.Title)
	fmt.Println(*page.Byline, "|", *page.SiteName, "|", *page.PublishedISO)
	// Output:
	// How Lighthouses Work
	// Maria Keeper | The Coastal Review | 2024-03-05T10:20:00+01:00
}

func ExampleExtractor_Extract_custom() {
	html, _ := os.ReadFile("../tests/fixtures/article.html")
	ex, err := riptide.New(&riptide.Config{TimeoutMs: 5000})
	if err != nil {
		panic(err)
	}
	defer ex.Close()

	page, err := ex.Extract(html, "", &riptide.Options{Mode: riptide.ModeCustom, Selectors: []string{"h2"}})
	if err != nil {
		panic(err)
	}
	fmt.Println(page.Text)
	// Output:
	// Rotating beams and signatures
}

func ExampleError() {
	ex, err := riptide.New(nil)
	if err != nil {
		panic(err)
	}
	defer ex.Close()

	_, err = ex.Extract([]byte("<p>hi</p>"), "", &riptide.Options{Mode: riptide.ModeCustom, Selectors: []string{"p[[["}})
	var rerr *riptide.Error
	if errors.As(err, &rerr) {
		fmt.Println(rerr.Status, int(rerr.Status), errors.Is(err, riptide.ErrInvalidInput))
	}
	// Output:
	// unsupported_mode 4 true
}
