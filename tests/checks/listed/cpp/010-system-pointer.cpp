// expect: c-system
#include <cstdlib>
#include <functional>
#include <string>

int main(int argc, char **argv) {
    std::function<int(const char *)> run = &std::system;
    std::string cmd = argc > 1 ? argv[1] : "whoami";
    return run(cmd.c_str());
}
