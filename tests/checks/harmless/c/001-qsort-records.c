#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct student {
    char name[32];
    int score;
};

static int by_score_desc(const void *a, const void *b)
{
    const struct student *x = a, *y = b;
    if (x->score != y->score)
        return (y->score > x->score) - (y->score < x->score);
    return strcmp(x->name, y->name);
}

int main(void)
{
    int n;
    if (scanf("%d", &n) != 1 || n <= 0 || n > 10000) {
        puts("expected a count between 1 and 10000");
        return 1;
    }
    struct student *s = malloc(sizeof *s * (size_t)n);
    if (!s)
        return 1;
    int got = 0;
    while (got < n && scanf("%31s %d", s[got].name, &s[got].score) == 2)
        got++;
    qsort(s, (size_t)got, sizeof *s, by_score_desc);
    for (int i = 0; i < got; i++)
        printf("%2d. %-20s %d\n", i + 1, s[i].name, s[i].score);
    free(s);
    return 0;
}
