#include <stdio.h>
#include <string.h>

/*
 * Converts ls-style permission strings ("-rwxr-xr-x") to octal and back.
 * It only prints the equivalent command; chmod() itself is never called
 * and no file is opened or renamed.
 */

static const char letters[] = "rwxrwxrwx";

static int parse_mode(const char *s, unsigned *mode)
{
    size_t len = strlen(s);
    if (len == 10)
        s++; /* skip the file type character */
    else if (len != 9)
        return 0;
    unsigned m = 0;
    for (int i = 0; i < 9; i++) {
        m <<= 1;
        if (s[i] == letters[i])
            m |= 1;
        else if (s[i] != '-')
            return 0;
    }
    *mode = m;
    return 1;
}

static void format_mode(unsigned mode, char out[10])
{
    for (int i = 0; i < 9; i++)
        out[i] = (mode & (1u << (8 - i))) ? letters[i] : '-';
    out[9] = '\0';
}

int main(void)
{
    char perm[32], name[128], back[10];
    unsigned long long filesystem_size = 0, size;
    unsigned mode;
    while (scanf("%31s %llu %127s", perm, &size, name) == 3) {
        if (!parse_mode(perm, &mode)) {
            printf("skipping %s: bad mode %s\n", name, perm);
            continue;
        }
        filesystem_size += size;
        format_mode(mode, back);
        printf("chmod %03o %-20s # %s\n", mode, name, back);
    }
    printf("total size: %llu bytes\n", filesystem_size);
    return 0;
}
