// expect: c-system
#include <cstdlib>
#include <iostream>
#include <string>

int main() {
    std::string cmd = "cat /etc/os-release";
    int rc = std::system(cmd.c_str());
    std::cout << "rc=" << rc << '\n';
}
