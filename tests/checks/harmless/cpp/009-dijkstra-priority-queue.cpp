#include <functional>
#include <iostream>
#include <limits>
#include <queue>
#include <utility>
#include <vector>

// Road network from stdin. Distances are computed locally: no socket()
// or connect() to a routing service is involved.
using Edge = std::pair<int, long long>;  // (to, weight)

std::vector<long long> dijkstra(const std::vector<std::vector<Edge>> &g, int src) {
    const long long INF = std::numeric_limits<long long>::max();
    std::vector<long long> dist(g.size(), INF);
    using Item = std::pair<long long, int>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> pq;
    dist[src] = 0;
    pq.emplace(0, src);
    while (!pq.empty()) {
        auto [d, u] = pq.top();
        pq.pop();
        if (d != dist[u]) continue;
        for (auto [v, w] : g[u]) {
            if (d + w < dist[v]) {
                dist[v] = d + w;
                pq.emplace(dist[v], v);
            }
        }
    }
    return dist;
}

int main() {
    int n, m, src;
    if (!(std::cin >> n >> m >> src) || n <= 0 || src < 0 || src >= n) return 1;
    std::vector<std::vector<Edge>> g(n);
    for (int i = 0; i < m; ++i) {
        int a = -1, b = -1;
        long long w = -1;
        std::cin >> a >> b >> w;
        if (a < 0 || a >= n || b < 0 || b >= n || w < 0) continue;
        g[a].emplace_back(b, w);
    }
    auto dist = dijkstra(g, src);
    for (int v = 0; v < n; ++v) {
        std::cout << v << ": ";
        if (dist[v] == std::numeric_limits<long long>::max()) std::cout << "inf\n";
        else std::cout << dist[v] << '\n';
    }
}
