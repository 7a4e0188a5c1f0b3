#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

template <typename T, std::size_t Capacity = 64>
class BoundedStack {
public:
    bool push(const T &v) {
        if (data_.size() >= Capacity) return false;
        data_.push_back(v);
        return true;
    }
    std::optional<T> pop() {
        if (data_.empty()) return std::nullopt;
        T v = data_.back();
        data_.pop_back();
        return v;
    }
    const T *peek() const { return data_.empty() ? nullptr : &data_.back(); }
    std::size_t size() const { return data_.size(); }

private:
    std::vector<T> data_;
};

template <typename T, std::size_t C>
void drain(BoundedStack<T, C> &s, std::ostream &os) {
    while (auto v = s.pop()) os << *v << ' ';
    os << '\n';
}

int main() {
    BoundedStack<std::string> words;
    BoundedStack<int, 8> lengths;
    std::string line;
    while (std::getline(std::cin, line)) {
        std::istringstream in(line);
        std::string w;
        while (in >> w) {
            if (!words.push(w)) std::cout << "word stack full, dropping " << w << '\n';
            if (!lengths.push(static_cast<int>(w.size()))) {
                lengths.pop();
                lengths.push(static_cast<int>(w.size()));
            }
        }
    }
    if (const auto *top = words.peek()) std::cout << "top word: " << *top << '\n';
    std::cout << words.size() << " words reversed: ";
    drain(words, std::cout);
    std::cout << "recent lengths: ";
    drain(lengths, std::cout);
}
