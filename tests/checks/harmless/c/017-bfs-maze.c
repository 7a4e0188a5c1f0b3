#include <stdio.h>
#include <string.h>

#define MAXR 100
#define MAXC 101

static char grid[MAXR][MAXC + 1];
static int dist[MAXR][MAXC];
static int qr[MAXR * MAXC], qc[MAXR * MAXC];

int main(void)
{
    int rows = 0, sr = -1, sc = -1;
    while (rows < MAXR && fgets(grid[rows], sizeof grid[rows], stdin)) {
        grid[rows][strcspn(grid[rows], "\r\n")] = '\0';
        if (grid[rows][0] == '\0')
            break;
        char *s = strchr(grid[rows], 'S');
        if (s) {
            sr = rows;
            sc = (int)(s - grid[rows]);
        }
        rows++;
    }
    if (sr < 0) {
        puts("no start");
        return 1;
    }
    memset(dist, -1, sizeof dist);
    int head = 0, tail = 0;
    qr[tail] = sr;
    qc[tail++] = sc;
    dist[sr][sc] = 0;
    static const int dr[4] = { -1, 1, 0, 0 }, dc[4] = { 0, 0, -1, 1 };
    while (head < tail) {
        int r = qr[head], c = qc[head++];
        if (grid[r][c] == 'E') {
            printf("exit reached in %d steps\n", dist[r][c]);
            return 0;
        }
        for (int d = 0; d < 4; d++) {
            int nr = r + dr[d], nc = c + dc[d];
            if (nr < 0 || nr >= rows || nc < 0 || nc >= (int)strlen(grid[nr]))
                continue;
            if (grid[nr][nc] == '#' || dist[nr][nc] != -1)
                continue;
            dist[nr][nc] = dist[r][c] + 1;
            qr[tail] = nr;
            qc[tail++] = nc;
        }
    }
    puts("no exit reachable");
    return 0;
}
