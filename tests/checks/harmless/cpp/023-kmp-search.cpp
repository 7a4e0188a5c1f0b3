#include <iostream>
#include <string>
#include <vector>

std::vector<int> prefix_function(const std::string &s) {
    std::vector<int> pi(s.size(), 0);
    for (std::size_t i = 1; i < s.size(); ++i) {
        int k = pi[i - 1];
        while (k > 0 && s[i] != s[k]) k = pi[k - 1];
        if (s[i] == s[k]) ++k;
        pi[i] = k;
    }
    return pi;
}

std::vector<std::size_t> find_all(const std::string &text, const std::string &pat) {
    std::vector<std::size_t> hits;
    if (pat.empty()) return hits;
    const auto pi = prefix_function(pat);
    int k = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        while (k > 0 && text[i] != pat[k]) k = pi[k - 1];
        if (text[i] == pat[k]) ++k;
        if (k == (int)pat.size()) {
            hits.push_back(i + 1 - pat.size());
            k = pi[k - 1];
        }
    }
    return hits;
}

int main() {
    std::string pattern, text, line;
    if (!std::getline(std::cin, pattern)) return 0;
    while (std::getline(std::cin, line)) text += line + '\n';
    const auto hits = find_all(text, pattern);
    std::cout << '"' << pattern << "\" occurs " << hits.size() << " time(s)";
    if (!hits.empty()) {
        std::cout << " at";
        for (auto h : hits) std::cout << ' ' << h;
    }
    std::cout << '\n';
    const auto pi = prefix_function(pattern);
    const int period = pattern.empty() ? 0 : (int)pattern.size() - pi.back();
    std::cout << "smallest period of pattern: " << period << '\n';
}
