#include <iostream>
#include <optional>
#include <string>
#include <variant>
#include <vector>

using Value = std::variant<long long, double, bool, std::string>;

std::optional<long long> parse_int(const std::string &s) {
    try {
        std::size_t used = 0;
        long long v = std::stoll(s, &used);
        if (used == s.size()) return v;
    } catch (...) {
    }
    return std::nullopt;
}

Value classify(const std::string &tok) {
    if (auto i = parse_int(tok)) return *i;
    if (tok == "true" || tok == "false") return tok == "true";
    try {
        std::size_t used = 0;
        double d = std::stod(tok, &used);
        if (used == tok.size()) return d;
    } catch (...) {
    }
    return tok;
}

struct Describe {
    std::string operator()(long long v) const { return "int " + std::to_string(v); }
    std::string operator()(double v) const { return "double " + std::to_string(v); }
    std::string operator()(bool v) const { return std::string("bool ") + (v ? "true" : "false"); }
    std::string operator()(const std::string &v) const { return "string \"" + v + "\""; }
};

int main() {
    std::vector<Value> values;
    std::string tok;
    while (std::cin >> tok) values.push_back(classify(tok));
    std::size_t counts[4] = {0, 0, 0, 0};
    for (const auto &v : values) {
        std::cout << std::visit(Describe{}, v) << '\n';
        ++counts[v.index()];
    }
    std::cout << counts[0] << " ints, " << counts[1] << " doubles, " << counts[2] << " bools, "
              << counts[3] << " strings\n";
}
