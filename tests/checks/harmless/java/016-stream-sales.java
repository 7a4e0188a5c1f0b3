import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.*;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

public class Main {
    // CSV rows come from System.in rather than java.nio.file.Files.lines(path).
    record Sale(String region, String product, int units, double price) {
        double revenue() { return units * price; }
    }

    public static void main(String[] args) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        List<Sale> sales = in.lines()
                .map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.split(","))
                .filter(f -> f.length == 4)
                .map(f -> new Sale(f[0].trim(), f[1].trim(), Integer.parseInt(f[2].trim()), Double.parseDouble(f[3].trim())))
                .toList();

        Map<String, Double> byRegion = sales.stream()
                .collect(Collectors.groupingBy(Sale::region, TreeMap::new, Collectors.summingDouble(Sale::revenue)));
        byRegion.forEach((r, v) -> System.out.printf("%-10s %12.2f%n", r, v));

        DoubleSummaryStatistics stats = sales.stream().mapToDouble(Sale::revenue).summaryStatistics();
        System.out.printf("n=%d min=%.2f max=%.2f avg=%.2f%n", stats.getCount(), stats.getMin(), stats.getMax(), stats.getAverage());

        Optional<Map.Entry<String, Integer>> best = sales.stream()
                .collect(Collectors.groupingBy(Sale::product, Collectors.summingInt(Sale::units)))
                .entrySet().stream()
                .max(Map.Entry.comparingByValue());
        best.ifPresent(e -> System.out.println("best seller: " + e.getKey() + " (" + e.getValue() + " units)"));

        int[] units = sales.stream().mapToInt(Sale::units).sorted().toArray();
        if (units.length > 0) {
            double median = units.length % 2 == 1 ? units[units.length / 2]
                    : (units[units.length / 2 - 1] + units[units.length / 2]) / 2.0;
            System.out.println("median units: " + median);
            int[] running = new int[units.length];
            IntStream.range(0, units.length).forEach(i -> running[i] = units[i] + (i > 0 ? running[i - 1] : 0));
            System.out.println("running totals: " + Arrays.toString(running));
        }
    }
}
