// expect: c-system
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int (*f)(const char*) = system;
    int rc = f("id");
    printf("rc=%d\n", rc);
    return 0;
}
