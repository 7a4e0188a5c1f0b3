import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.*;

public class Main {
    record Edge(int to, long w) {}

    public static void main(String[] args) throws IOException {
        // The road map comes from stdin; there is no java.net lookup of a routing service.
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String first = in.readLine();
        if (first == null) return;
        StringTokenizer st = new StringTokenizer(first);
        int n = Integer.parseInt(st.nextToken()), m = Integer.parseInt(st.nextToken());
        int src = Integer.parseInt(st.nextToken());
        List<List<Edge>> g = new ArrayList<>();
        for (int i = 0; i < n; i++) g.add(new ArrayList<>());
        for (int i = 0; i < m; i++) {
            String line = in.readLine();
            if (line == null) break;
            st = new StringTokenizer(line);
            int u = Integer.parseInt(st.nextToken()), v = Integer.parseInt(st.nextToken());
            long w = Long.parseLong(st.nextToken());
            g.get(u).add(new Edge(v, w));
            g.get(v).add(new Edge(u, w));
        }
        long[] dist = new long[n];
        Arrays.fill(dist, Long.MAX_VALUE);
        dist[src] = 0;
        PriorityQueue<long[]> pq = new PriorityQueue<>(Comparator.comparingLong(a -> a[0]));
        pq.add(new long[] {0, src});
        while (!pq.isEmpty()) {
            long[] cur = pq.poll();
            int u = (int) cur[1];
            if (cur[0] > dist[u]) continue;
            for (Edge e : g.get(u)) {
                long nd = cur[0] + e.w();
                if (nd < dist[e.to()]) {
                    dist[e.to()] = nd;
                    pq.add(new long[] {nd, e.to()});
                }
            }
        }
        for (int v = 0; v < n; v++) {
            System.out.println(v + ": " + (dist[v] == Long.MAX_VALUE ? "unreachable" : String.valueOf(dist[v])));
        }
    }
}
