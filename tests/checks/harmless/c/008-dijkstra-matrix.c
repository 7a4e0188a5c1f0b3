#include <stdio.h>
#include <limits.h>
#include <stdbool.h>

#define MAXV 200
#define INF INT_MAX

static int w[MAXV][MAXV];

int main(void)
{
    int n, m, src;
    if (scanf("%d %d %d", &n, &m, &src) != 3 || n < 1 || n > MAXV || src < 0 || src >= n)
        return 1;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            w[i][j] = (i == j) ? 0 : INF;
    for (int e = 0; e < m; e++) {
        int u, v, c;
        if (scanf("%d %d %d", &u, &v, &c) != 3)
            break;
        if (u < 0 || u >= n || v < 0 || v >= n || c < 0)
            continue;
        if (c < w[u][v])
            w[u][v] = w[v][u] = c;
    }
    int dist[MAXV];
    bool done[MAXV] = { false };
    for (int i = 0; i < n; i++)
        dist[i] = INF;
    dist[src] = 0;
    for (int iter = 0; iter < n; iter++) {
        int u = -1;
        for (int i = 0; i < n; i++)
            if (!done[i] && (u < 0 || dist[i] < dist[u]))
                u = i;
        if (u < 0 || dist[u] == INF)
            break;
        done[u] = true;
        for (int v = 0; v < n; v++)
            if (w[u][v] != INF && dist[u] + w[u][v] < dist[v])
                dist[v] = dist[u] + w[u][v];
    }
    for (int i = 0; i < n; i++) {
        if (dist[i] == INF)
            printf("%d: unreachable\n", i);
        else
            printf("%d: %d\n", i, dist[i]);
    }
    return 0;
}
