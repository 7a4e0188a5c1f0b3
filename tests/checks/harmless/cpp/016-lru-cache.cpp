#include <iostream>
#include <list>
#include <string>
#include <unordered_map>
#include <utility>

// In-memory LRU cache. Entries are evicted from a std::list; there is no
// disk cache, so std::filesystem and std::ofstream are not needed.
template <typename K, typename V>
class LruCache {
public:
    explicit LruCache(std::size_t capacity) : capacity_(capacity) {}

    const V *get(const K &key) {
        auto it = index_.find(key);
        if (it == index_.end()) {
            ++misses_;
            return nullptr;
        }
        order_.splice(order_.begin(), order_, it->second);
        ++hits_;
        return &it->second->second;
    }

    void put(const K &key, V value) {
        if (capacity_ == 0) return;
        if (auto it = index_.find(key); it != index_.end()) {
            it->second->second = std::move(value);
            order_.splice(order_.begin(), order_, it->second);
            return;
        }
        if (order_.size() == capacity_) {
            index_.erase(order_.back().first);
            order_.pop_back();
            ++evictions_;
        }
        order_.emplace_front(key, std::move(value));
        index_[key] = order_.begin();
    }

    void report(std::ostream &os) const {
        os << "hits=" << hits_ << " misses=" << misses_ << " evictions=" << evictions_ << '\n';
        for (const auto &[k, v] : order_) os << "  " << k << " -> " << v << '\n';
    }

private:
    std::size_t capacity_;
    std::list<std::pair<K, V>> order_;
    std::unordered_map<K, typename std::list<std::pair<K, V>>::iterator> index_;
    std::size_t hits_ = 0, misses_ = 0, evictions_ = 0;
};

int main() {
    std::size_t cap;
    if (!(std::cin >> cap)) return 1;
    LruCache<std::string, int> cache(cap);
    std::string op, key;
    while (std::cin >> op >> key) {
        if (op == "put") {
            int v = 0;
            std::cin >> v;
            cache.put(key, v);
        } else if (op == "get") {
            const int *v = cache.get(key);
            std::cout << key << ": " << (v ? std::to_string(*v) : std::string("miss")) << '\n';
        }
    }
    cache.report(std::cout);
}
