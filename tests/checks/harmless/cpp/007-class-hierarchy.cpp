#include <iomanip>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

class Employee {
public:
    Employee(std::string name, double base) : base_(base), name_(std::move(name)) {}
    virtual ~Employee() = default;
    virtual double pay() const { return base_; }
    virtual std::string role() const { return "employee"; }
    const std::string &name() const { return name_; }

protected:
    double base_;

private:
    std::string name_;
};

class Manager : public Employee {
public:
    Manager(std::string name, double base, int reports)
        : Employee(std::move(name), base), reports_(reports) {}
    double pay() const override { return base_ + 500.0 * reports_; }
    std::string role() const override { return "manager"; }

private:
    int reports_;
};

class Contractor : public Employee {
public:
    Contractor(std::string name, double rate, int hours)
        : Employee(std::move(name), 0.0), rate_(rate), hours_(hours) {}
    double pay() const override { return rate_ * hours_; }
    std::string role() const override { return "contractor"; }

private:
    double rate_;
    int hours_;
};

int main() {
    std::vector<std::unique_ptr<Employee>> staff;
    std::string kind, name;
    while (std::cin >> kind >> name) {
        if (kind == "emp") {
            double base = 0;
            std::cin >> base;
            staff.push_back(std::make_unique<Employee>(name, base));
        } else if (kind == "mgr") {
            double base = 0;
            int reports = 0;
            std::cin >> base >> reports;
            staff.push_back(std::make_unique<Manager>(name, base, reports));
        } else if (kind == "con") {
            double rate = 0;
            int hours = 0;
            std::cin >> rate >> hours;
            staff.push_back(std::make_unique<Contractor>(name, rate, hours));
        }
    }
    double total = 0;
    std::cout << std::fixed << std::setprecision(2);
    for (const auto &e : staff) {
        std::cout << std::setw(12) << e->name() << std::setw(12) << e->role() << std::setw(12) << e->pay() << '\n';
        total += e->pay();
    }
    std::cout << "payroll total: " << total << '\n';
}
