#include <functional>
#include <iostream>
#include <vector>

// The graph arrives on stdin; nothing is loaded with fopen() or std::ifstream.
int main() {
    int n, m;
    if (!(std::cin >> n >> m) || n <= 0) return 1;
    std::vector<std::vector<int>> adj(n);
    for (int i = 0; i < m; ++i) {
        int a = -1, b = -1;
        std::cin >> a >> b;
        if (a < 0 || a >= n || b < 0 || b >= n) continue;
        adj[a].push_back(b);
        adj[b].push_back(a);
    }
    std::vector<int> comp(n, -1);
    bool has_cycle = false;
    std::function<void(int, int, int)> dfs = [&](int u, int parent, int id) {
        comp[u] = id;
        for (int v : adj[u]) {
            if (comp[v] == -1) dfs(v, u, id);
            else if (v != parent) has_cycle = true;
        }
    };
    int ncomp = 0;
    for (int u = 0; u < n; ++u)
        if (comp[u] == -1) dfs(u, -1, ncomp++);
    std::cout << ncomp << " component(s)" << (has_cycle ? ", with a cycle" : ", acyclic") << '\n';
    std::vector<int> sizes(ncomp, 0);
    for (int c : comp) ++sizes[c];
    for (int i = 0; i < ncomp; ++i)
        std::cout << "component " << i << ": " << sizes[i] << " vertices\n";
}
