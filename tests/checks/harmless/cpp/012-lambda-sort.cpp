#include <algorithm>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

struct Person {
    std::string name;
    int age;
    double height;
};

int main() {
    std::vector<Person> people;
    Person p;
    while (std::cin >> p.name >> p.age >> p.height) people.push_back(p);

    const std::map<std::string, std::function<bool(const Person &, const Person &)>> orders = {
        {"name", [](const Person &a, const Person &b) { return a.name < b.name; }},
        {"age", [](const Person &a, const Person &b) { return a.age < b.age; }},
        {"height", [](const Person &a, const Person &b) { return a.height > b.height; }},
    };
    for (const auto &[key, cmp] : orders) {
        auto sorted = people;
        std::stable_sort(sorted.begin(), sorted.end(), cmp);
        std::cout << "by " << key << ":";
        for (const auto &q : sorted) std::cout << ' ' << q.name;
        std::cout << '\n';
    }
    const int threshold = 30;
    auto older = [threshold](const Person &x) { return x.age >= threshold; };
    std::cout << std::count_if(people.begin(), people.end(), older) << " people aged " << threshold << "+\n";
    auto tallest = std::max_element(people.begin(), people.end(),
                                    [](const Person &a, const Person &b) { return a.height < b.height; });
    if (tallest != people.end()) std::cout << "tallest: " << tallest->name << '\n';
}
