#include <chrono>
#include <cstdint>
#include <iostream>

// Times a loop. The empty asm statement is a compiler barrier only: it
// contains no instructions and just keeps the optimiser from deleting
// the work being measured.
static inline void clobber_memory() { __asm__ __volatile__("" ::: "memory"); }

std::uint64_t collatz_steps(std::uint64_t n) {
    std::uint64_t steps = 0;
    while (n != 1) {
        n = (n % 2 == 0) ? n / 2 : 3 * n + 1;
        ++steps;
    }
    return steps;
}

int main() {
    std::uint64_t limit;
    if (!(std::cin >> limit) || limit < 1) limit = 100'000;
    auto start = std::chrono::steady_clock::now();
    std::uint64_t best = 1, best_steps = 0;
    for (std::uint64_t i = 1; i <= limit; ++i) {
        std::uint64_t s = collatz_steps(i);
        if (s > best_steps) {
            best_steps = s;
            best = i;
        }
        clobber_memory();
    }
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    std::cout << "longest chain up to " << limit << ": " << best << " (" << best_steps << " steps)\n";
    std::cerr << "took " << elapsed.count() << " ms\n";
}
