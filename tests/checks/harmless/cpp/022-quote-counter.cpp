#include <iostream>
#include <map>
#include <string>

#define FOR(i, n) for (std::size_t i = 0; i < (n); ++i)
#define IS_QUOTE(c) ((c) == '\'' || (c) == '"' || (c) == '`')

// Counts quote characters and backslashes, and reports unbalanced quotes per line.
int main() {
    std::map<char, long> counts;
    std::string line;
    long lineno = 0, unbalanced = 0;
    while (std::getline(std::cin, line)) {
        ++lineno;
        char open_quote = '\0';
        FOR(i, line.size()) {
            const char c = line[i];
            if (c == '\\') {
                ++counts['\\'];
                ++i;  // skip the escaped character
                continue;
            }
            if (!IS_QUOTE(c)) continue;
            ++counts[c];
            if (open_quote == '\0') open_quote = c;
            else if (open_quote == c) open_quote = '\0';
        }
        if (open_quote != '\0') {
            ++unbalanced;
            std::cout << "line " << lineno << ": unclosed " << open_quote << '\n';
        }
    }
    const std::map<char, std::string> names = {
        {'\'', "single"}, {'"', "double"}, {'`', "backtick"}, {'\\', "backslash"}};
    for (const auto &[c, n] : counts) std::cout << names.at(c) << ": " << n << '\n';
    std::cout << unbalanced << " line(s) with unbalanced quotes\n";
}
