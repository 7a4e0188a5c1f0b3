#include <stdio.h>
#include <ctype.h>

/* Like wc(1), but only for standard input: the program never calls
   fopen() or open(), it just reads characters with getchar(). */

int main(void)
{
    long lines = 0, words = 0, chars = 0, longest = 0, cur = 0;
    long letters[26] = { 0 };
    int c, in_word = 0;
    while ((c = getchar()) != EOF) {
        chars++;
        if (c == '\n') {
            lines++;
            if (cur > longest)
                longest = cur;
            cur = 0;
        } else {
            cur++;
        }
        if (isalpha(c))
            letters[tolower(c) - 'a']++;
        if (isspace(c)) {
            in_word = 0;
        } else if (!in_word) {
            in_word = 1;
            words++;
        }
    }
    if (cur > longest)
        longest = cur;
    printf("%ld lines, %ld words, %ld bytes, longest line %ld\n", lines, words, chars, longest);
    int best = 0;
    for (int i = 1; i < 26; i++)
        if (letters[i] > letters[best])
            best = i;
    if (letters[best] > 0)
        printf("most common letter: %c (%ld)\n", 'a' + best, letters[best]);
    return 0;
}
