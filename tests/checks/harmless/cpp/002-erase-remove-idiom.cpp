#include <algorithm>
#include <cctype>
#include <iostream>
#include <string>
#include <vector>

// The erase-remove idiom. std::remove and std::remove_if only shuffle
// elements inside a container; they have nothing to do with deleting files.

int main() {
    std::vector<int> nums;
    int x;
    while (std::cin >> x && x != 0) nums.push_back(x);

    nums.erase(std::remove_if(nums.begin(), nums.end(), [](int v) { return v % 2 == 0; }),
               nums.end());
    std::cout << "odd values:";
    for (int v : nums) std::cout << ' ' << v;
    std::cout << '\n';

    std::cin.ignore();
    std::string line;
    while (std::getline(std::cin, line)) {
        std::string squeezed = line;
        squeezed.erase(std::remove(squeezed.begin(), squeezed.end(), ' '), squeezed.end());
        std::string letters = line;
        letters.erase(std::remove_if(letters.begin(), letters.end(),
                                     [](unsigned char c) { return !std::isalpha(c); }),
                      letters.end());
        std::cout << '"' << squeezed << "\" / \"" << letters << "\"\n";
    }
    return 0;
}
