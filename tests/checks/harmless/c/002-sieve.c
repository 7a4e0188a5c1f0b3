#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>

/* Sieve of Eratosthenes. Pure computation: no fork(), no system(), no files. */

int main(void)
{
    long n;
    if (scanf("%ld", &n) != 1 || n < 2) {
        printf("no primes\n");
        return 0;
    }
    if (n > 50000000L)
        n = 50000000L;
    bool *composite = calloc((size_t)n + 1, sizeof(bool));
    if (composite == NULL) {
        printf("out of memory\n");
        return 1;
    }
    long count = 0, last = 0;
    for (long i = 2; i <= n; i++) {
        if (composite[i])
            continue;
        count++;
        last = i;
        for (long j = i * i; j <= n; j += i)
            composite[j] = true;
    }
    printf("%ld primes <= %ld, largest %ld\n", count, n, last);
    free(composite);
    return 0;
}
