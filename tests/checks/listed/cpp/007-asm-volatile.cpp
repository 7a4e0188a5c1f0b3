// expect: c-asm
#include <cstdint>
#include <iostream>

static inline std::uint64_t rdtsc() {
    std::uint32_t lo, hi;
    asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (std::uint64_t(hi) << 32) | lo;
}

int main() {
    std::cout << rdtsc() << '\n';
}
