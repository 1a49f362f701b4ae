// rx_extract (C++): extract a page with riptide_extractor.hpp and print JSON.
//   rx_extract_cpp URL [FILE]   (reads standard input without FILE)
#include "riptide_extractor.hpp"

#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        std::cerr << "usage: rx_extract_cpp URL [FILE]\n";
        return 2;
    }
    std::string html;
    if (argc == 3) {
        std::ifstream f(argv[2], std::ios::binary);
        if (!f) {
            std::cerr << "cannot open " << argv[2] << "\n";
            return 1;
        }
        html.assign(std::istreambuf_iterator<char>(f), {});
    } else {
        html.assign(std::istreambuf_iterator<char>(std::cin), {});
    }
    auto made = riptide::Extractor::create();
    if (!made) {
        std::cerr << made.error() << "\n";
        return 1;
    }
    riptide::Extractor ex = std::move(made).value();
    riptide::Json result = ex.extract(html, argv[1]);
    (result ? std::cout : std::cerr) << result.view() << "\n";
    return result ? 0 : 1;
}
