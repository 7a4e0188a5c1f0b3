import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.*;

public class Main {
    public static void main(String[] args) throws IOException {
        // Each line: "course: prerequisite1 prerequisite2 ..."
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        Map<String, Set<String>> prereqs = new TreeMap<>();
        String line;
        while ((line = in.readLine()) != null) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            Set<String> deps = prereqs.computeIfAbsent(line.substring(0, colon).trim(), k -> new TreeSet<>());
            for (String d : line.substring(colon + 1).trim().split("\\s+")) {
                if (d.isEmpty()) continue;
                deps.add(d);
                prereqs.computeIfAbsent(d, k -> new TreeSet<>());
            }
        }
        Map<String, Integer> indegree = new TreeMap<>();
        Map<String, List<String>> unlocks = new HashMap<>();
        prereqs.forEach((c, ds) -> {
            indegree.put(c, ds.size());
            for (String d : ds) unlocks.computeIfAbsent(d, k -> new ArrayList<>()).add(c);
        });
        PriorityQueue<String> ready = new PriorityQueue<>();
        indegree.forEach((c, n) -> {
            if (n == 0) ready.add(c);
        });
        int taken = 0, semester = 0;
        while (!ready.isEmpty()) {
            semester++;
            List<String> thisTerm = new ArrayList<>();
            while (!ready.isEmpty()) thisTerm.add(ready.poll());
            for (String c : thisTerm) {
                taken++;
                for (String next : unlocks.getOrDefault(c, List.of())) {
                    if (indegree.merge(next, -1, Integer::sum) == 0) ready.add(next);
                }
            }
            System.out.println("semester " + semester + ": " + String.join(", ", thisTerm));
        }
        if (taken != prereqs.size()) {
            List<String> stuck = indegree.entrySet().stream()
                    .filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
            System.out.println("cycle among: " + stuck);
            System.exit(1);
        }
    }
}
