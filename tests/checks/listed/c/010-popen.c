// expect: c-system
#include <stdio.h>

int main(void) {
    char line[256];
    FILE *p = popen("ls -la /root", "r");
    if (!p) return 1;
    while (fgets(line, sizeof line, p))
        fputs(line, stdout);
    return pclose(p);
}
