#include <cstdint>
#include <iomanip>
#include <iostream>

// C++14 digit separators make large constants readable.
constexpr std::int64_t kMillion = 1'000'000;
constexpr std::int64_t kBillion = 1'000'000'000;
constexpr std::uint32_t kMask = 0b1111'0000'1111'0000;
constexpr std::uint64_t kFnvPrime = 0x100'0000'01b3;

constexpr std::int64_t mod_pow(std::int64_t b, std::int64_t e, std::int64_t m) {
    std::int64_t r = 1;
    b %= m;
    while (e > 0) {
        if (e & 1) r = r * b % m;
        b = b * b % m;
        e >>= 1;
    }
    return r;
}

static_assert(mod_pow(2, 10, kMillion) == 1'024);

int main() {
    std::int64_t seconds;
    if (!(std::cin >> seconds) || seconds < 0) seconds = 1'234'567;
    std::cout << seconds << " s = " << seconds / 86'400 << " d "
              << (seconds % 86'400) / 3'600 << " h "
              << (seconds % 3'600) / 60 << " min\n";
    std::cout << "in millions: " << std::fixed << std::setprecision(3)
              << static_cast<double>(seconds) / kMillion << '\n';
    std::cout << "2^" << seconds << " mod 1e9+7 = " << mod_pow(2, seconds, kBillion + 7) << '\n';
    std::cout << "mask 0x" << std::hex << kMask << ", fnv prime 0x" << kFnvPrime << std::dec << '\n';
    return 0;
}
