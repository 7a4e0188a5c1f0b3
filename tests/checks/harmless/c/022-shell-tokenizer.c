#include <stdio.h>
#include <string.h>
#include <ctype.h>

/*
 * Tokenises shell-like command lines and reports what each contains.
 * This is only a parser: it never runs anything (no system(), popen()
 * or execvp()), it just prints the tokens.
 */

static const char *builtins[] = { "cd", "exit", "exec", "kill", "echo", "ulimit" };

static int is_builtin(const char *w)
{
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
        if (strcmp(builtins[i], w) == 0)
            return 1;
    return 0;
}

int main(void)
{
    char line[1024], tok[1024];
    int lineno = 0;
    while (fgets(line, sizeof line, stdin)) {
        lineno++;
        char *p = line;
        int ntok = 0;
        printf("%d:", lineno);
        for (;;) {
            while (isspace((unsigned char)*p))
                p++;
            if (*p == '\0' || *p == '#')
                break;
            size_t k = 0;
            char quote = 0;
            while (*p && (quote || !isspace((unsigned char)*p))) {
                if (!quote && (*p == '\'' || *p == '"'))
                    quote = *p;
                else if (quote && *p == quote)
                    quote = 0;
                else if (*p == '\\' && p[1] && quote != '\'')
                    tok[k++] = *++p;
                else
                    tok[k++] = *p;
                p++;
            }
            tok[k] = '\0';
            if (ntok == 0 && is_builtin(tok))
                printf(" [builtin %s]", tok);
            else
                printf(" <%s>", tok);
            ntok++;
        }
        printf("  (%d tokens)\n", ntok);
    }
    return 0;
}
