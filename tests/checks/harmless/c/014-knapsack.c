#include <stdio.h>

#define MAXW 10000
#define MAXN 100
#define MAX(a, b) ((a) > (b) ? (a) : (b))

static int best[MAXN + 1][MAXW + 1];

int main(void)
{
    int n, cap;
    int wt[MAXN], val[MAXN];
    if (scanf("%d %d", &n, &cap) != 2 || n < 0 || n > MAXN || cap < 0 || cap > MAXW) {
        puts("usage: n capacity, then n lines of weight value");
        return 1;
    }
    for (int i = 0; i < n; i++)
        if (scanf("%d %d", &wt[i], &val[i]) != 2 || wt[i] < 0)
            return 1;
    for (int i = 1; i <= n; i++) {
        for (int c = 0; c <= cap; c++) {
            best[i][c] = best[i - 1][c];
            if (wt[i - 1] <= c)
                best[i][c] = MAX(best[i][c], best[i - 1][c - wt[i - 1]] + val[i - 1]);
        }
    }
    printf("best value %d\nchosen items:", best[n][cap]);
    for (int i = n, c = cap; i > 0; i--) {
        if (best[i][c] != best[i - 1][c]) {
            printf(" %d", i);
            c -= wt[i - 1];
        }
    }
    putchar('\n');
    return 0;
}
