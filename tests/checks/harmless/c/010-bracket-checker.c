#include <stdio.h>
#include <stdbool.h>

/* Checks that (), [] and {} balance, skipping over '...' and "..." literals
   and backslash escapes inside them. */

#define STACK_MAX 1024

int main(void)
{
    char stack[STACK_MAX];
    int top = 0, line = 1, col = 0, c;
    char in_quote = 0;
    bool escaped = false, ok = true;

    while (ok && (c = getchar()) != EOF) {
        col++;
        if (c == '\n') {
            line++;
            col = 0;
        }
        if (in_quote) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == in_quote)
                in_quote = 0;
            continue;
        }
        switch (c) {
        case '\'':
        case '"':
            in_quote = (char)c;
            break;
        case '(': case '[': case '{':
            if (top == STACK_MAX) {
                puts("nesting too deep");
                return 1;
            }
            stack[top++] = (char)c;
            break;
        case ')': case ']': case '}': {
            char want = c == ')' ? '(' : c == ']' ? '[' : '{';
            if (top == 0 || stack[top - 1] != want) {
                printf("mismatched '%c' at %d:%d\n", c, line, col);
                ok = false;
            } else {
                top--;
            }
            break;
        }
        default:
            break;
        }
    }
    if (ok && in_quote) {
        printf("unterminated %c literal\n", in_quote);
        ok = false;
    }
    if (ok && top > 0) {
        printf("%d unclosed bracket(s)\n", top);
        ok = false;
    }
    if (ok)
        puts("balanced");
    return ok ? 0 : 1;
}
