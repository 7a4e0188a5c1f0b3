#include <algorithm>
#include <iostream>
#include <iterator>
#include <numeric>
#include <vector>

int main() {
    std::vector<long long> v{std::istream_iterator<long long>(std::cin), std::istream_iterator<long long>()};
    if (v.empty()) {
        v.resize(10);
        std::iota(v.begin(), v.end(), 1);
    }
    auto print = [](const char *label, const std::vector<long long> &xs) {
        std::cout << label << ':';
        for (auto x : xs) std::cout << ' ' << x;
        std::cout << '\n';
    };
    print("input", v);

    std::vector<long long> prefix(v.size());
    std::partial_sum(v.begin(), v.end(), prefix.begin());
    print("prefix sums", prefix);

    std::vector<long long> squares(v.size());
    std::transform(v.begin(), v.end(), squares.begin(), [](long long x) { return x * x; });
    print("squares", squares);

    const long long sum = std::accumulate(v.begin(), v.end(), 0LL);
    const long long dot = std::inner_product(v.begin(), v.end(), v.begin(), 0LL);
    const auto [mn, mx] = std::minmax_element(v.begin(), v.end());
    std::cout << "sum=" << sum << " sum of squares=" << dot << " min=" << *mn << " max=" << *mx << '\n';

    long long g = 0;
    for (auto x : v) g = std::gcd(g, x);
    std::cout << "gcd of all: " << g << '\n';

    std::vector<long long> diffs(v.size());
    std::adjacent_difference(v.begin(), v.end(), diffs.begin());
    print("differences", diffs);
    std::cout << "sorted already? " << std::boolalpha << std::is_sorted(v.begin(), v.end()) << '\n';
}
