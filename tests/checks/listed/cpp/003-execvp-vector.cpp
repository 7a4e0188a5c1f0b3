// expect: c-exec
#include <unistd.h>
#include <string>
#include <vector>

int main() {
    std::vector<std::string> args{"ls", "-la", "/"};
    std::vector<char *> argv;
    for (auto &a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    return 127;
}
