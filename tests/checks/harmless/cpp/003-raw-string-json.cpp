#include <cctype>
#include <iostream>
#include <map>
#include <string>

// Parses a flat JSON object of string keys and integer values.
// The sample is a raw string, so its quotes and brackets need no escaping.
static const char *kSample = R"({"apples": 3, "pears": 10, "note": "say \"hi\" [twice]", "plums": 7})";

std::map<std::string, long> parse(const std::string &s) {
    std::map<std::string, long> out;
    std::size_t i = 0;
    auto skip = [&] {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    };
    auto read_string = [&] {
        std::string r;
        ++i;  // opening quote
        while (i < s.size() && s[i] != '"') {
            if (s[i] == '\\' && i + 1 < s.size()) ++i;
            r += s[i++];
        }
        ++i;  // closing quote
        return r;
    };
    skip();
    if (i >= s.size() || s[i] != '{') return out;
    ++i;
    while (true) {
        skip();
        if (i >= s.size() || s[i] != '"') break;
        std::string key = read_string();
        skip();
        if (i < s.size() && s[i] == ':') ++i;
        skip();
        if (i < s.size() && s[i] == '"') {
            read_string();  // string values are skipped
        } else {
            std::size_t used = 0;
            try {
                out[key] = std::stol(s.substr(i), &used);
            } catch (...) {
                break;
            }
            i += used;
        }
        skip();
        if (i < s.size() && s[i] == ',') ++i;
        else break;
    }
    return out;
}

int main() {
    std::string input, line;
    while (std::getline(std::cin, line)) input += line;
    if (input.empty()) input = kSample;
    long total = 0;
    for (const auto &[k, v] : parse(input)) {
        std::cout << k << " = " << v << '\n';
        total += v;
    }
    std::cout << "total = " << total << '\n';
}
