import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

public class Main {
    public static void main(String[] args) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        List<String> words = in.lines()
                .flatMap(l -> Arrays.stream(l.split("\\s+")))
                .filter(w -> !w.isBlank())
                .collect(Collectors.toList());

        List<String> byLength = words.stream()
                .sorted(Comparator.comparing(String::length).thenComparing(Comparator.naturalOrder()))
                .distinct()
                .toList();
        System.out.println("by length: " + byLength);

        Map<Integer, Long> histogram = words.stream()
                .collect(Collectors.groupingBy(String::length, TreeMap::new, Collectors.counting()));
        histogram.forEach((len, n) -> System.out.printf("%2d letters: %s%n", len, "*".repeat(n.intValue())));

        Predicate<String> capitalised = w -> Character.isUpperCase(w.charAt(0));
        UnaryOperator<String> shout = String::toUpperCase;
        List<String> names = words.stream().filter(capitalised).map(shout).toList();
        System.out.println("capitalised words, shouted: " + names);

        String longest = words.stream().max(Comparator.comparingInt(String::length)).orElse("(none)");
        System.out.println("longest: " + longest);
        System.out.println("total letters: " + words.stream().mapToInt(String::length).sum());
    }
}
