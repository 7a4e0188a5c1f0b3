#include <stdio.h>

static void factor(unsigned long long n)
{
    printf("%llu =", n);
    if (n < 2) {
        printf(" %llu\n", n);
        return;
    }
    int first = 1;
    for (unsigned long long p = 2; p * p <= n; p += (p == 2 ? 1 : 2)) {
        int e = 0;
        while (n % p == 0) {
            n /= p;
            e++;
        }
        if (e) {
            printf("%s %llu", first ? "" : " *", p);
            if (e > 1)
                printf("^%d", e);
            first = 0;
        }
    }
    if (n > 1)
        printf("%s %llu", first ? "" : " *", n);
    putchar('\n');
}

static unsigned long long phi(unsigned long long n)
{
    unsigned long long r = n;
    for (unsigned long long p = 2; p * p <= n; p++) {
        if (n % p == 0) {
            while (n % p == 0)
                n /= p;
            r -= r / p;
        }
    }
    if (n > 1)
        r -= r / n;
    return r;
}

int main(void)
{
    unsigned long long n;
    while (scanf("%llu", &n) == 1) {
        factor(n);
        if (n > 0)
            printf("  phi(%llu) = %llu\n", n, phi(n));
    }
    return 0;
}
