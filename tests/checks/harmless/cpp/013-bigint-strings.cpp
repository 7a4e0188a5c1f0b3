#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

// Big numbers as decimal strings, computed here rather than with popen("bc").
std::string add(const std::string &a, const std::string &b) {
    std::string r;
    int carry = 0;
    for (int i = (int)a.size() - 1, j = (int)b.size() - 1; i >= 0 || j >= 0 || carry; --i, --j) {
        int s = carry + (i >= 0 ? a[i] - '0' : 0) + (j >= 0 ? b[j] - '0' : 0);
        r.push_back(char('0' + s % 10));
        carry = s / 10;
    }
    std::reverse(r.begin(), r.end());
    return r;
}

std::string multiply(const std::string &a, const std::string &b) {
    std::vector<int> d(a.size() + b.size(), 0);
    for (int i = (int)a.size() - 1; i >= 0; --i)
        for (int j = (int)b.size() - 1; j >= 0; --j) {
            int sum = d[i + j + 1] + (a[i] - '0') * (b[j] - '0');
            d[i + j + 1] = sum % 10;
            d[i + j] += sum / 10;
        }
    std::string r;
    for (int x : d)
        if (!(r.empty() && x == 0)) r.push_back(char('0' + x));
    return r.empty() ? "0" : r;
}

bool valid(const std::string &s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int main() {
    std::string a, b;
    while (std::cin >> a >> b) {
        if (!valid(a) || !valid(b)) {
            std::cout << "digits only, please\n";
            continue;
        }
        std::cout << a << " + " << b << " = " << add(a, b) << '\n';
        std::cout << a << " * " << b << " = " << multiply(a, b) << '\n';
    }
}
