#include <stdio.h>
#include <string.h>
#include <ctype.h>
#include <stdlib.h>

static const int vals[] = { 1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1 };
static const char *syms[] = { "M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I" };
#define COUNT (sizeof vals / sizeof vals[0])

static void to_roman(int n, char *out)
{
    out[0] = '\0';
    for (size_t i = 0; i < COUNT; i++) {
        while (n >= vals[i]) {
            strcat(out, syms[i]);
            n -= vals[i];
        }
    }
}

static int letter_value(char c)
{
    switch (c) {
    case 'I': return 1;
    case 'V': return 5;
    case 'X': return 10;
    case 'L': return 50;
    case 'C': return 100;
    case 'D': return 500;
    case 'M': return 1000;
    default: return 0;
    }
}

static int from_roman(const char *s)
{
    int total = 0;
    for (size_t i = 0; s[i]; i++) {
        int v = letter_value((char)toupper((unsigned char)s[i]));
        if (v == 0)
            return -1;
        int next = s[i + 1] ? letter_value((char)toupper((unsigned char)s[i + 1])) : 0;
        total += next > v ? -v : v;
    }
    return total;
}

int main(void)
{
    char tok[64], buf[64];
    while (scanf("%63s", tok) == 1) {
        if (isdigit((unsigned char)tok[0])) {
            int n = atoi(tok);
            if (n < 1 || n > 3999) {
                printf("%s: out of range\n", tok);
                continue;
            }
            to_roman(n, buf);
            printf("%d -> %s\n", n, buf);
        } else {
            int v = from_roman(tok);
            if (v < 0)
                printf("%s: not a numeral\n", tok);
            else
                printf("%s -> %d\n", tok, v);
        }
    }
    return 0;
}
