#include <bitset>
#include <iostream>
#include <vector>

constexpr std::size_t kLimit = 1'000'000;

int main() {
    static std::bitset<kLimit + 1> composite;
    composite[0] = true;
    composite[1] = true;
    for (std::size_t i = 2; i * i <= kLimit; ++i)
        if (!composite[i])
            for (std::size_t j = i * i; j <= kLimit; j += i) composite[j] = true;

    std::vector<std::size_t> primes;
    for (std::size_t i = 2; i <= kLimit; ++i)
        if (!composite[i]) primes.push_back(i);

    std::cout << primes.size() << " primes up to " << kLimit << '\n';
    std::size_t q;
    while (std::cin >> q) {
        if (q > kLimit) {
            std::cout << q << ": beyond table\n";
            continue;
        }
        // count primes <= q by binary search on the prime list
        std::size_t lo = 0, hi = primes.size();
        while (lo < hi) {
            std::size_t mid = (lo + hi) / 2;
            if (primes[mid] <= q) lo = mid + 1;
            else hi = mid;
        }
        std::cout << q << (composite[q] ? " is not prime" : " is prime") << ", pi(" << q << ") = " << lo << '\n';
    }
}
