// expect: c-token-paste
#include <cstdio>
#include <cstdlib>

#define CAT(a, b) a##b
#define CALL(a, b, ...) CAT(a, b)(__VA_ARGS__)

int main() {
    std::FILE *p = CALL(po, pen, "id", "r");
    std::printf("%d\n", p != nullptr);
}
