#include <stdio.h>
#include <stdint.h>

/*
 * Hashes an array many times. The empty asm statement below is only a
 * compiler barrier: it emits no instructions, it just stops the optimiser
 * from hoisting the repeated work out of the loop.
 */

static uint64_t checksum(const uint32_t *v, int n)
{
    uint64_t h = 1469598103934665603ULL;
    for (int i = 0; i < n; i++) {
        h ^= v[i];
        h *= 1099511628211ULL;
    }
    return h;
}

int main(void)
{
    uint32_t data[1024];
    int n = 0;
    unsigned int x;
    while (n < 1024 && scanf("%u", &x) == 1)
        data[n++] = x;
    int rounds = 1000;
    uint64_t acc = 0;
    for (int r = 0; r < rounds; r++) {
        acc += checksum(data, n);
        __asm__ __volatile__("" ::: "memory");
    }
    printf("n=%d rounds=%d checksum=%llu\n", n, rounds, (unsigned long long)acc);
    return 0;
}
