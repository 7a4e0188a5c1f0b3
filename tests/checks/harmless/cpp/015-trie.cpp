#include <array>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

class Trie {
    struct Node {
        std::array<std::unique_ptr<Node>, 26> next{};
        int count = 0;  // words passing through this node
        bool terminal = false;
    };
    Node root_;

    static int index(char c) { return (c >= 'a' && c <= 'z') ? c - 'a' : -1; }

    void collect(const Node *n, std::string &cur, std::vector<std::string> &out) const {
        if (n->terminal) out.push_back(cur);
        for (int i = 0; i < 26; ++i) {
            if (!n->next[i]) continue;
            cur.push_back(char('a' + i));
            collect(n->next[i].get(), cur, out);
            cur.pop_back();
        }
    }

public:
    bool insert(const std::string &w) {
        for (char c : w)
            if (index(c) < 0) return false;
        Node *n = &root_;
        for (char c : w) {
            int i = index(c);
            if (!n->next[i]) n->next[i] = std::make_unique<Node>();
            n = n->next[i].get();
            ++n->count;
        }
        n->terminal = true;
        return true;
    }

    int prefix_count(const std::string &p) const {
        const Node *n = &root_;
        for (char c : p) {
            int i = index(c);
            if (i < 0 || !n->next[i]) return 0;
            n = n->next[i].get();
        }
        return n->count;
    }

    std::vector<std::string> words() const {
        std::vector<std::string> out;
        std::string cur;
        collect(&root_, cur, out);
        return out;
    }
};

int main() {
    Trie t;
    std::string cmd, w;
    while (std::cin >> cmd >> w) {
        if (cmd == "add") {
            if (!t.insert(w)) std::cout << "skipped " << w << " (lowercase a-z only)\n";
        } else if (cmd == "prefix") {
            std::cout << w << ": " << t.prefix_count(w) << '\n';
        }
    }
    for (const auto &x : t.words()) std::cout << x << '\n';
}
