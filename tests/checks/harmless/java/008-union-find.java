import java.util.*;

public class Main {
    static final class UnionFind {
        private final int[] parent, size;
        private int components;

        UnionFind(int n) {
            parent = new int[n];
            size = new int[n];
            components = n;
            for (int i = 0; i < n; i++) {
                parent[i] = i;
                size[i] = 1;
            }
        }

        int find(int x) {
            while (parent[x] != x) {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        }

        boolean union(int a, int b) {
            int ra = find(a), rb = find(b);
            if (ra == rb) return false;
            if (size[ra] < size[rb]) { int t = ra; ra = rb; rb = t; }
            parent[rb] = ra;
            size[ra] += size[rb];
            components--;
            return true;
        }

        int components() { return components; }
    }

    public static void main(String[] args) {
        Scanner sc = new Scanner(System.in);
        if (!sc.hasNextInt()) return;
        int n = sc.nextInt(), m = sc.hasNextInt() ? sc.nextInt() : 0;
        UnionFind uf = new UnionFind(n);
        List<String> redundant = new ArrayList<>();
        for (int i = 0; i < m && sc.hasNextInt(); i++) {
            int a = sc.nextInt(), b = sc.nextInt();
            if (a < 0 || a >= n || b < 0 || b >= n) continue;
            if (!uf.union(a, b)) redundant.add(a + "-" + b);
        }
        Map<Integer, Integer> sizes = new TreeMap<>();
        for (int i = 0; i < n; i++) sizes.merge(uf.find(i), 1, Integer::sum);
        System.out.println("components: " + uf.components());
        System.out.println("component sizes: " + sizes.values());
        System.out.println("redundant edges: " + (redundant.isEmpty() ? "none" : String.join(", ", redundant)));
    }
}
