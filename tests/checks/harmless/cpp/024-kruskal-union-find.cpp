#include <algorithm>
#include <iostream>
#include <numeric>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

class DisjointSet {
public:
    explicit DisjointSet(std::size_t n) : parent_(n), size_(n, 1) {
        std::iota(parent_.begin(), parent_.end(), std::size_t{0});
    }
    std::size_t find(std::size_t x) {
        while (parent_[x] != x) {
            parent_[x] = parent_[parent_[x]];
            x = parent_[x];
        }
        return x;
    }
    bool unite(std::size_t a, std::size_t b) {
        a = find(a);
        b = find(b);
        if (a == b) return false;
        if (size_[a] < size_[b]) std::swap(a, b);
        parent_[b] = a;
        size_[a] += size_[b];
        return true;
    }

private:
    std::vector<std::size_t> parent_, size_;
};

template <typename Key>
class Interner {
public:
    std::size_t id(const Key &k) {
        auto [it, inserted] = ids_.emplace(k, names_.size());
        if (inserted) names_.push_back(k);
        return it->second;
    }
    std::size_t size() const { return names_.size(); }
    const Key &name(std::size_t i) const { return names_[i]; }

private:
    std::unordered_map<Key, std::size_t> ids_;
    std::vector<Key> names_;
};

int main() {
    Interner<std::string> cities;
    std::vector<std::tuple<long, std::size_t, std::size_t>> edges;
    std::string a, b;
    long cost;
    while (std::cin >> a >> b >> cost) {
        const std::size_t u = cities.id(a);
        const std::size_t v = cities.id(b);
        edges.emplace_back(cost, u, v);
    }
    std::sort(edges.begin(), edges.end());
    DisjointSet dsu(cities.size());
    long total = 0;
    for (const auto &[c, u, v] : edges) {
        if (dsu.unite(u, v)) {
            total += c;
            std::cout << cities.name(u) << " - " << cities.name(v) << " (" << c << ")\n";
        }
    }
    std::cout << "minimum spanning cost: " << total << '\n';
}
