// riptide_extractor.hpp: header-only C++17 wrapper over riptide_extractor.h.
//
// - RAII: riptide::Extractor is a move-only handle (std::unique_ptr with the
//   library's deleter); riptide::Json owns a library string and frees it with
//   rx_string_free().
// - Works with -fno-exceptions: every operation returns a value carrying a
//   riptide::Status (riptide::Result<Extractor>, riptide::Json). When
//   exceptions are enabled, the *_or_throw helpers throw riptide::Error.
// - Thread safety as in the C API: one Extractor may be used by many threads
//   at once (extract() is const); destroying it must not race with its use.
//
// Example:
//   auto made = riptide::Extractor::create();
//   if (!made) { std::cerr << made.error() << "\n"; return 1; }
//   riptide::Extractor ex = std::move(made).value();
//   riptide::Json r = ex.extract(html, "https://example.com/", R"({"mode":"article"})");
//   if (r) std::cout << r.view() << "\n"; else std::cerr << r.view() << "\n";
#ifndef RIPTIDE_EXTRACTOR_HPP
#define RIPTIDE_EXTRACTOR_HPP

#include "riptide_extractor.h"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#define RIPTIDE_HPP_EXCEPTIONS 1
#include <stdexcept>
#else
#define RIPTIDE_HPP_EXCEPTIONS 0
#endif

namespace riptide {

/// Mirrors RxStatus with the same numeric values.
enum class Status : int {
    Ok = RX_STATUS_OK,
    InvalidArgument = RX_STATUS_INVALID_ARGUMENT,
    InvalidConfig = RX_STATUS_INVALID_CONFIG,
    InvalidOptions = RX_STATUS_INVALID_OPTIONS,
    UnsupportedMode = RX_STATUS_UNSUPPORTED_MODE,
    InputTooLarge = RX_STATUS_INPUT_TOO_LARGE,
    ComponentLoad = RX_STATUS_COMPONENT_LOAD,
    Timeout = RX_STATUS_TIMEOUT,
    MemoryLimit = RX_STATUS_MEMORY_LIMIT,
    FuelExhausted = RX_STATUS_FUEL_EXHAUSTED,
    GuestTrap = RX_STATUS_GUEST_TRAP,
    InvalidHtml = RX_STATUS_INVALID_HTML,
    ParseError = RX_STATUS_PARSE_ERROR,
    ExtractionFailed = RX_STATUS_EXTRACTION_FAILED,
    Panic = RX_STATUS_PANIC,
    Internal = RX_STATUS_INTERNAL,
    OutputTooLarge = RX_STATUS_OUTPUT_TOO_LARGE,
    ResourceLimit = RX_STATUS_RESOURCE_LIMIT,
    SignalHandlers = RX_STATUS_SIGNAL_HANDLERS,
    HostResources = RX_STATUS_HOST_RESOURCES,
};

/// The stable snake_case name ("ok", "timeout", ...). Static; never freed.
inline const char *status_name(Status s) noexcept { return rx_status_name(static_cast<int>(s)); }

/// The library version ("0.1.0"). Static; never freed.
inline const char *version() noexcept { return rx_version(); }

/// Deleter for strings the library returns.
struct StringDeleter {
    void operator()(char *s) const noexcept { rx_string_free(s); }
};

/// Deleter for extractor handles.
struct ExtractorDeleter {
    void operator()(RxExtractor *e) const noexcept { rx_extractor_free(e); }
};

/// A status plus the JSON the library returned: the result on success, the
/// error object {"code", "message"} on failure. Move-only; frees the string.
class Json {
public:
    Json() noexcept = default;
    Json(Status status, char *json, std::size_t len) noexcept : status_(status), data_(json), len_(json ? len : 0) {}

    Status status() const noexcept { return status_; }
    bool ok() const noexcept { return status_ == Status::Ok; }
    explicit operator bool() const noexcept { return ok(); }
    /// The JSON text (empty when the library returned none).
    std::string_view view() const noexcept { return {data_ ? data_.get() : "", len_}; }
    /// A NUL-terminated pointer to the JSON ("" when none).
    const char *c_str() const noexcept { return data_ ? data_.get() : ""; }
    std::string str() const { return std::string(view()); }

private:
    Status status_ = Status::Internal;
    std::unique_ptr<char, StringDeleter> data_;
    std::size_t len_ = 0;
};

#if RIPTIDE_HPP_EXCEPTIONS
/// Thrown by the *_or_throw helpers; what() is the error JSON.
class Error : public std::runtime_error {
public:
    Error(Status status, std::string json) : std::runtime_error(std::move(json)), status_(status) {}
    Status status() const noexcept { return status_; }

private:
    Status status_;
};
#endif

/// A value or a failure status with its error JSON. Move-only.
template <typename T>
class Result {
public:
    Result(T value) noexcept : value_(std::move(value)), status_(Status::Ok) {}
    Result(Status status, char *error_json) noexcept : status_(status), error_(error_json) {}

    Status status() const noexcept { return status_; }
    bool ok() const noexcept { return status_ == Status::Ok; }
    explicit operator bool() const noexcept { return ok(); }
    /// The error JSON ("" on success or when none was returned).
    std::string_view error() const noexcept { return error_ ? std::string_view(error_.get()) : std::string_view(); }
    /// The value (meaningful only when ok()).
    T &value() & noexcept { return value_; }
    T &&value() && noexcept { return std::move(value_); }

#if RIPTIDE_HPP_EXCEPTIONS
    /// The value, or throws riptide::Error.
    T value_or_throw() && {
        if (!ok()) throw Error(status_, std::string(error()));
        return std::move(value_);
    }
#endif

private:
    T value_{};
    Status status_;
    std::unique_ptr<char, StringDeleter> error_;
};

/// An extractor handle (see rx_extractor_new()). Move-only; freed on
/// destruction. All member functions are const and thread-safe.
class Extractor {
public:
    Extractor() noexcept = default;

    /// With the embedded default component. `config_json` may be nullptr.
    static Result<Extractor> create(const char *config_json = nullptr) noexcept {
        return make([&](RxExtractor **out, char **err) { return rx_extractor_new(config_json, out, err); });
    }

    /// With the component in the file at `path`.
    static Result<Extractor> from_file(const char *path, const char *config_json = nullptr) noexcept {
        return make([&](RxExtractor **out, char **err) {
            return rx_extractor_new_from_file(path, config_json, out, err);
        });
    }

    /// With the component in `bytes` (copied).
    static Result<Extractor> from_bytes(const void *bytes, std::size_t len, const char *config_json = nullptr) noexcept {
        return make([&](RxExtractor **out, char **err) {
            return rx_extractor_new_from_bytes(static_cast<const uint8_t *>(bytes), len, config_json, out, err);
        });
    }

    /// Extracts from `html` (raw bytes in any charset; not copied). `url`,
    /// `options_json` and `charset` may be nullptr (see rx_extract()).
    Json extract(std::string_view html, const char *url = nullptr, const char *options_json = nullptr,
                 const char *charset = nullptr) const noexcept {
        char *json = nullptr;
        std::size_t len = 0;
        RxStatus st = rx_extract(handle_.get(), reinterpret_cast<const uint8_t *>(html.data()), html.size(), url,
                                 options_json, charset, &json, &len);
        return Json(static_cast<Status>(st), json, len);
    }

    Json validate_html(std::string_view html, const char *charset = nullptr) const noexcept {
        char *json = nullptr;
        std::size_t len = 0;
        RxStatus st = rx_extractor_validate_html(handle_.get(), reinterpret_cast<const uint8_t *>(html.data()),
                                                 html.size(), charset, &json, &len);
        return Json(static_cast<Status>(st), json, len);
    }

    Json info() const noexcept { return query(rx_extractor_info); }
    Json health() const noexcept { return query(rx_extractor_health); }
    Json modes() const noexcept { return query(rx_extractor_modes); }
    Json stats() const noexcept { return query(rx_extractor_stats); }

#if RIPTIDE_HPP_EXCEPTIONS
    static Extractor create_or_throw(const char *config_json = nullptr) { return create(config_json).value_or_throw(); }

    /// The result JSON, or throws riptide::Error.
    std::string extract_or_throw(std::string_view html, const char *url = nullptr, const char *options_json = nullptr,
                                 const char *charset = nullptr) const {
        Json r = extract(html, url, options_json, charset);
        if (!r) throw Error(r.status(), r.str());
        return r.str();
    }
#endif

    /// The C handle (still owned by this object), for calls to the C API.
    RxExtractor *get() const noexcept { return handle_.get(); }
    explicit operator bool() const noexcept { return static_cast<bool>(handle_); }

private:
    explicit Extractor(RxExtractor *h) noexcept : handle_(h) {}

    template <typename F>
    static Result<Extractor> make(F &&f) noexcept {
        RxExtractor *h = nullptr;
        char *err = nullptr;
        RxStatus st = f(&h, &err);
        if (st != RX_STATUS_OK) return Result<Extractor>(static_cast<Status>(st), err);
        return Result<Extractor>(Extractor(h));
    }

    Json query(RxStatus (*fn)(const RxExtractor *, char **, std::size_t *)) const noexcept {
        char *json = nullptr;
        std::size_t len = 0;
        RxStatus st = fn(handle_.get(), &json, &len);
        return Json(static_cast<Status>(st), json, len);
    }

    std::unique_ptr<RxExtractor, ExtractorDeleter> handle_;
};

}  // namespace riptide

#endif  // RIPTIDE_EXTRACTOR_HPP
