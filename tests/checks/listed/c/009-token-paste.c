// expect: c-token-paste
#include <stdio.h>
#include <stdlib.h>

#define J(a, b) a##b

int main(void) {
    int rc = J(sys, tem)("id");
    printf("%d\n", rc);
    return 0;
}
