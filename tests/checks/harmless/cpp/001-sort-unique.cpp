#include <algorithm>
#include <iostream>
#include <vector>

// Reads numbers from std::cin only; there is no std::fstream or fopen() here.
int main() {
    std::ios::sync_with_stdio(false);
    std::vector<long long> v;
    long long x;
    while (std::cin >> x) v.push_back(x);
    if (v.empty()) {
        std::cout << "no numbers\n";
        return 0;
    }
    std::sort(v.begin(), v.end());
    const auto total = v.size();
    v.erase(std::unique(v.begin(), v.end()), v.end());
    std::cout << total << " numbers, " << v.size() << " distinct\n";
    std::cout << "min " << v.front() << ", max " << v.back() << '\n';
    std::cout << "median of distinct values: " << v[v.size() / 2] << '\n';
    for (std::size_t i = 0; i < v.size(); ++i)
        std::cout << v[i] << (i + 1 == v.size() ? '\n' : ' ');
    return 0;
}
