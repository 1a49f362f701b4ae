// Tests of include/riptide_extractor.hpp. Built with -std=c++17 -Wall -Wextra
// -Werror -pedantic, once with exceptions and once with -fno-exceptions, and
// linked with tests/cpp/second_tu.cpp (which includes the header too).
#include "riptide_extractor.hpp"
#include "riptide_extractor.hpp"  // included twice on purpose: guards must hold

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

int second_tu_status_count();

static int passed, failed;
#define CHECK(cond, what)                                                        \
    do {                                                                         \
        if (cond) {                                                              \
            passed++;                                                            \
        } else {                                                                 \
            failed++;                                                            \
            std::fprintf(stderr, "FAIL %s:%d: %s: %s\n", __FILE__, __LINE__, #cond, std::string(what).c_str()); \
        }                                                                        \
    } while (0)

static_assert(!std::is_copy_constructible_v<riptide::Extractor>, "move-only");
static_assert(std::is_nothrow_move_constructible_v<riptide::Extractor>, "movable");
static_assert(!std::is_copy_constructible_v<riptide::Json>, "move-only");
static_assert(static_cast<int>(riptide::Status::Internal) == RX_STATUS_INTERNAL, "same values");
static_assert(static_cast<int>(riptide::Status::HostResources) == RX_STATUS_HOST_RESOURCES, "same values");

static std::string slurp(const char *path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s ARTICLE.html\n", argv[0]);
        return 2;
    }
    const std::string page = slurp(argv[1]);
    CHECK(!page.empty(), "fixture");
    CHECK(std::string(riptide::version()) == RX_VERSION_STRING, riptide::version());
    CHECK(std::string(riptide::status_name(riptide::Status::Timeout)) == "timeout", "name");
    CHECK(second_tu_status_count() == RX_STATUS_HOST_RESOURCES + 1, "second translation unit");

    auto bad = riptide::Extractor::create("{\"timeout_ms\": 0}");
    CHECK(!bad && bad.status() == riptide::Status::InvalidConfig, std::string(bad.error()));
    CHECK(bad.error().find("\"code\":\"invalid_config\"") != std::string_view::npos, std::string(bad.error()));
    auto missing = riptide::Extractor::from_file("/nonexistent.wasm");
    CHECK(missing.status() == riptide::Status::ComponentLoad, std::string(missing.error()));
    auto junk = riptide::Extractor::from_bytes("junk", 4);
    CHECK(junk.status() == riptide::Status::ComponentLoad, std::string(junk.error()));

    auto made = riptide::Extractor::create();
    CHECK(made.ok(), std::string(made.error()));
    riptide::Extractor ex = std::move(made).value();
    CHECK(static_cast<bool>(ex), "handle");

    riptide::Json r = ex.extract(page, "https://coastal.example/articles/x", R"({"mode":"article"})");
    CHECK(r.ok(), r.str());
    CHECK(r.view().find("\"title\":\"How Lighthouses Work\"") != std::string_view::npos, r.str());
    CHECK(std::strlen(r.c_str()) == r.view().size(), "length");

    riptide::Json e = ex.extract(page, nullptr, R"({"mode":"nope"})");
    CHECK(e.status() == riptide::Status::UnsupportedMode, e.str());
    CHECK(e.view().find("unsupported_mode") != std::string_view::npos, e.str());

    // Moving transfers ownership; the moved-from handle is empty and safe.
    riptide::Extractor moved = std::move(ex);
    CHECK(static_cast<bool>(moved) && !static_cast<bool>(ex), "moved");
    riptide::Json empty = ex.extract(page);
    CHECK(empty.status() == riptide::Status::InvalidArgument, empty.str());

    CHECK(moved.info().ok() && moved.health().ok() && moved.modes().ok() && moved.stats().ok(), "queries");
    CHECK(moved.validate_html("<p>hello</p>").view() == "{\"valid\":true}", "validate");

    // One extractor, several threads.
    std::vector<std::thread> threads;
    std::vector<int> ok(4, 0);
    for (int t = 0; t < 4; t++)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 3; i++)
                if (moved.extract(page, "https://coastal.example/", R"({"mode":"metadata"})").ok()) ok[t]++;
        });
    for (auto &t : threads) t.join();
    CHECK(ok[0] + ok[1] + ok[2] + ok[3] == 12, "threads");

#if RIPTIDE_HPP_EXCEPTIONS
    bool threw = false;
    try {
        moved.extract_or_throw(page, nullptr, "{");
    } catch (const riptide::Error &err) {
        threw = err.status() == riptide::Status::InvalidOptions;
    }
    CHECK(threw, "throws on failure");
    threw = false;
    try {
        riptide::Extractor::create_or_throw("{\"nope\":1}");
    } catch (const riptide::Error &err) {
        threw = err.status() == riptide::Status::InvalidConfig;
    }
    CHECK(threw, "create throws");
    CHECK(moved.extract_or_throw(page).find("Fresnel") != std::string::npos, "extract_or_throw");
    std::printf("c++ (exceptions): %d passed, %d failed\n", passed, failed);
#else
    std::printf("c++ (-fno-exceptions): %d passed, %d failed\n", passed, failed);
#endif
    return failed ? 1 : 0;
}
