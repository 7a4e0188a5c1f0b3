#include <stdio.h>

/* Single-# stringification only; no token pasting anywhere. */
#define STR(x) #x
#define SHOW(expr) printf("%-40s = %lld\n", STR(expr), (long long)(expr))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define ABS(x) ((x) < 0 ? -(x) : (x))

static long long gcd(long long a, long long b)
{
    a = ABS(a);
    b = ABS(b);
    while (b) {
        long long t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static long long lcm(long long a, long long b)
{
    if (a == 0 || b == 0)
        return 0;
    return ABS(a / gcd(a, b) * b);
}

/* extended Euclid: returns g and sets x, y with a*x + b*y = g */
static long long ext_gcd(long long a, long long b, long long *x, long long *y)
{
    if (b == 0) {
        *x = 1;
        *y = 0;
        return a;
    }
    long long x1, y1;
    long long g = ext_gcd(b, a % b, &x1, &y1);
    *x = y1;
    *y = x1 - (a / b) * y1;
    return g;
}

int main(void)
{
    long long a, b;
    while (scanf("%lld %lld", &a, &b) == 2) {
        long long x, y;
        SHOW(gcd(a, b));
        SHOW(lcm(a, b));
        SHOW(MIN(a, b));
        SHOW(MAX(a, b));
        long long g = ext_gcd(a, b, &x, &y);
        printf("%lld*%lld + %lld*%lld = %lld\n", a, x, b, y, g);
    }
    return 0;
}
