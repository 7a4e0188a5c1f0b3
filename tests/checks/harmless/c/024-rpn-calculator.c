#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

/* A reverse Polish calculator. It evaluates everything itself instead of
   piping the expression to popen("bc -l", "w"). */

#define STACK 256

int main(void)
{
    char line[1024];
    while (fgets(line, sizeof line, stdin)) {
        double st[STACK];
        int sp = 0, err = 0;
        for (char *tok = strtok(line, " \t\r\n"); tok && !err; tok = strtok(NULL, " \t\r\n")) {
            char *end;
            double v = strtod(tok, &end);
            if (end != tok && *end == '\0') {
                if (sp == STACK) {
                    err = 1;
                    break;
                }
                st[sp++] = v;
                continue;
            }
            if (strcmp(tok, "sqrt") == 0 && sp >= 1) {
                st[sp - 1] = sqrt(st[sp - 1]);
                continue;
            }
            if (strlen(tok) != 1 || sp < 2) {
                err = 1;
                break;
            }
            double b = st[--sp];
            double a = st[--sp];
            switch (tok[0]) {
            case '+': st[sp++] = a + b; break;
            case '-': st[sp++] = a - b; break;
            case '*': st[sp++] = a * b; break;
            case '/': st[sp++] = a / b; break;
            case '^': st[sp++] = pow(a, b); break;
            default: err = 1;
            }
        }
        if (err || sp != 1)
            puts("error");
        else
            printf("%.10g\n", st[0]);
    }
    return 0;
}
