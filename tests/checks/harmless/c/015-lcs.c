#include <stdio.h>
#include <string.h>

#define N 1001

static int dp[N][N];

static void chomp(char *s)
{
    s[strcspn(s, "\r\n")] = '\0';
}

int main(void)
{
    static char a[N], b[N];
    if (!fgets(a, sizeof a, stdin) || !fgets(b, sizeof b, stdin)) {
        puts("need two lines");
        return 1;
    }
    chomp(a);
    chomp(b);
    int n = (int)strlen(a), m = (int)strlen(b);
    for (int i = n - 1; i >= 0; i--)
        for (int j = m - 1; j >= 0; j--)
            dp[i][j] = a[i] == b[j] ? dp[i + 1][j + 1] + 1
                     : dp[i + 1][j] > dp[i][j + 1] ? dp[i + 1][j] : dp[i][j + 1];
    char out[N];
    int k = 0;
    for (int i = 0, j = 0; i < n && j < m;) {
        if (a[i] == b[j]) {
            out[k++] = a[i];
            i++;
            j++;
        } else if (dp[i + 1][j] >= dp[i][j + 1]) {
            i++;
        } else {
            j++;
        }
    }
    out[k] = '\0';
    printf("LCS length %d: \"%s\"\n", k, out);
    return 0;
}
