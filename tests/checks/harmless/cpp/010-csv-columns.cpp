#include <iostream>
#include <map>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

// CSV statistics. Rows are read with std::getline on std::cin, not from an
// std::fstream, so the program never touches the file system.
std::vector<std::string> split(const std::string &s, char delim) {
    std::vector<std::string> parts;
    std::string cur;
    std::istringstream in(s);
    while (std::getline(in, cur, delim)) parts.push_back(cur);
    return parts;
}

std::string trim(const std::string &s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    const auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

int main() {
    std::string header;
    if (!std::getline(std::cin, header)) return 0;
    const auto columns = split(header, ',');
    std::map<std::string, std::vector<double>> values;
    std::string line;
    int rows = 0;
    while (std::getline(std::cin, line)) {
        const auto cells = split(line, ',');
        for (std::size_t i = 0; i < cells.size() && i < columns.size(); ++i) {
            try {
                values[trim(columns[i])].push_back(std::stod(cells[i]));
            } catch (const std::exception &) {
                // non-numeric cell: skip it
            }
        }
        ++rows;
    }
    std::cout << rows << " rows\n";
    for (const auto &[name, v] : values) {
        const double sum = std::accumulate(v.begin(), v.end(), 0.0);
        std::cout << name << ": n=" << v.size() << " sum=" << sum
                  << " mean=" << (v.empty() ? 0.0 : sum / v.size()) << '\n';
    }
}
