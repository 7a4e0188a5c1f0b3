#include <iostream>
#include <sstream>
#include <string>
#include <vector>

// A fixed help text kept in a raw string with a custom delimiter, because it
// contains )" sequences, quotes and brackets.
static const std::string kHelp = R"help(
Commands:
  push "text"      push a quoted string onto the stack
  pop              print and remove the top entry (prints "(empty)" if none)
  peek [n]         show the top n entries, e.g. peek 3
Notes:
  Calls such as system("ls") or popen("date", "r") are just text here.
)help";

int main() {
    std::vector<std::string> stack;
    std::string line;
    while (std::getline(std::cin, line)) {
        std::istringstream in(line);
        std::string cmd;
        in >> cmd;
        if (cmd == "help") {
            std::cout << kHelp;
        } else if (cmd == "push") {
            std::string rest;
            std::getline(in, rest);
            const auto first = rest.find('"'), last = rest.rfind('"');
            if (first != std::string::npos && last > first)
                stack.push_back(rest.substr(first + 1, last - first - 1));
            else
                std::cout << R"(error: expected push "text")" << '\n';
        } else if (cmd == "pop") {
            if (stack.empty()) {
                std::cout << R"x("(empty)")x" << '\n';
            } else {
                std::cout << stack.back() << '\n';
                stack.pop_back();
            }
        } else if (cmd == "peek") {
            std::size_t n = 1;
            if (!(in >> n)) n = 1;
            for (std::size_t i = 0; i < n && i < stack.size(); ++i)
                std::cout << '[' << i << "] " << stack[stack.size() - 1 - i] << '\n';
        }
    }
}
