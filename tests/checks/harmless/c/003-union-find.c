#include <stdio.h>
#include <stdlib.h>

static int *parent, *rank_;

static int find(int x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

static int unite(int a, int b)
{
    a = find(a);
    b = find(b);
    if (a == b)
        return 0;
    if (rank_[a] < rank_[b]) {
        int t = a;
        a = b;
        b = t;
    }
    parent[b] = a;
    if (rank_[a] == rank_[b])
        rank_[a]++;
    return 1;
}

int main(void)
{
    int n, m;
    if (scanf("%d %d", &n, &m) != 2 || n <= 0)
        return 1;
    parent = malloc(sizeof(int) * (size_t)n);
    rank_ = calloc((size_t)n, sizeof(int));
    if (!parent || !rank_)
        return 1;
    for (int i = 0; i < n; i++)
        parent[i] = i;
    int components = n, redundant = 0;
    for (int i = 0; i < m; i++) {
        int a, b;
        if (scanf("%d %d", &a, &b) != 2)
            break;
        if (a < 1 || a > n || b < 1 || b > n)
            continue;
        if (unite(a - 1, b - 1))
            components--;
        else
            redundant++;
    }
    printf("components: %d\nredundant edges: %d\n", components, redundant);
    free(parent);
    free(rank_);
    return 0;
}
