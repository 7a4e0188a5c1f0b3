#include <stdio.h>

#define MAXN 64
#define FOR(i, n) for (int i = 0; i < (n); i++)
#define MAX(a, b) ((a) > (b) ? (a) : (b))

static long long A[MAXN][MAXN], B[MAXN][MAXN], C[MAXN][MAXN];

static int read_matrix(long long m[MAXN][MAXN], int *rows, int *cols)
{
    if (scanf("%d %d", rows, cols) != 2)
        return 0;
    if (*rows < 1 || *cols < 1 || *rows > MAXN || *cols > MAXN)
        return 0;
    FOR(i, *rows) {
        FOR(j, *cols) {
            if (scanf("%lld", &m[i][j]) != 1)
                return 0;
        }
    }
    return 1;
}

int main(void)
{
    int ar, ac, br, bc;
    if (!read_matrix(A, &ar, &ac) || !read_matrix(B, &br, &bc)) {
        puts("bad matrix input");
        return 1;
    }
    if (ac != br) {
        printf("dimension mismatch: %dx%d times %dx%d\n", ar, ac, br, bc);
        return 1;
    }
    long long biggest = 0;
    FOR(i, ar) {
        FOR(j, bc) {
            long long s = 0;
            FOR(k, ac) s += A[i][k] * B[k][j];
            C[i][j] = s;
            biggest = MAX(biggest, s < 0 ? -s : s);
        }
    }
    FOR(i, ar) {
        FOR(j, bc) printf("%lld%c", C[i][j], j + 1 == bc ? '\n' : ' ');
    }
    printf("max |entry| = %lld\n", biggest);
    return 0;
}
