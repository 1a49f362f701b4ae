// A second translation unit including the header: everything in it must be
// inline or a template, or linking the test fails with duplicate symbols.
#include "riptide_extractor.hpp"

#include <string>

int second_tu_status_count() {
    int n = 0;
    for (int i = 0; i < 32; i++)
        if (std::string(riptide::status_name(static_cast<riptide::Status>(i))) != "unknown") n++;
    return n;
}
