#include <iostream>
#include <vector>

class SegmentTree {
public:
    explicit SegmentTree(const std::vector<long long> &a) : n_(a.size()), t_(2 * a.size()) {
        for (std::size_t i = 0; i < n_; ++i) t_[n_ + i] = a[i];
        for (std::size_t i = n_; i-- > 1;) t_[i] = t_[2 * i] + t_[2 * i + 1];
    }

    void update(std::size_t pos, long long value) {
        for (t_[pos += n_] = value; pos > 1; pos >>= 1) t_[pos >> 1] = t_[pos] + t_[pos ^ 1];
    }

    // sum over [l, r)
    long long query(std::size_t l, std::size_t r) const {
        long long res = 0;
        for (l += n_, r += n_; l < r; l >>= 1, r >>= 1) {
            if (l & 1) res += t_[l++];
            if (r & 1) res += t_[--r];
        }
        return res;
    }

    std::size_t size() const { return n_; }

private:
    std::size_t n_;
    std::vector<long long> t_;
};

int main() {
    std::ios::sync_with_stdio(false);
    std::size_t n;
    if (!(std::cin >> n)) return 1;
    std::vector<long long> a(n);
    for (auto &x : a) std::cin >> x;
    SegmentTree st(a);
    char op;
    while (std::cin >> op) {
        if (op == 'u') {
            std::size_t i;
            long long v;
            std::cin >> i >> v;
            if (i < st.size()) st.update(i, v);
        } else if (op == 'q') {
            std::size_t l, r;
            std::cin >> l >> r;
            if (l <= r && r <= st.size()) std::cout << st.query(l, r) << '\n';
            else std::cout << "bad range\n";
        }
    }
}
