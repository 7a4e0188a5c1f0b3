#include <stdio.h>
#include <stdlib.h>

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* first index i with arr[i] >= key */
static int lower_bound(const int *arr, int n, int key)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (arr[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int main(void)
{
    int n;
    if (scanf("%d", &n) != 1 || n < 0 || n > 1000000)
        return 1;
    int *a = malloc(sizeof(int) * (size_t)(n ? n : 1));
    if (!a)
        return 1;
    for (int i = 0; i < n; i++) {
        if (scanf("%d", &a[i]) != 1) {
            n = i;
            break;
        }
    }
    qsort(a, (size_t)n, sizeof(int), cmp_int);
    int q;
    while (scanf("%d", &q) == 1) {
        int i = lower_bound(a, n, q);
        int *hit = bsearch(&q, a, (size_t)n, sizeof(int), cmp_int);
        printf("%d: lower_bound=%d %s\n", q, i, hit ? "present" : "absent");
    }
    free(a);
    return 0;
}
