#include <stdio.h>
#include <string.h>
#include <ctype.h>

/* Reverses the order of words on each line. Lines come from stdin via
   fgets; the program has no need for fopen(). */

static void reverse(char *begin, char *end)
{
    while (begin < end) {
        char t = *begin;
        *begin++ = *end;
        *end-- = t;
    }
}

int main(void)
{
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
        size_t len = strcspn(line, "\r\n");
        line[len] = '\0';
        if (len == 0) {
            putchar('\n');
            continue;
        }
        reverse(line, line + len - 1);
        char *p = line;
        while (*p) {
            while (*p && isspace((unsigned char)*p))
                p++;
            char *start = p;
            while (*p && !isspace((unsigned char)*p))
                p++;
            if (p > start)
                reverse(start, p - 1);
        }
        puts(line);
    }
    return 0;
}
