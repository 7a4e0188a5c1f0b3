import java.util.*;
import java.util.function.Function;

public class Main {
    record Pair<A, B>(A first, B second) {
        <C> Pair<A, C> mapSecond(Function<? super B, ? extends C> f) {
            return new Pair<>(first, f.apply(second));
        }
    }

    static <T extends Comparable<? super T>> Pair<T, T> minMax(List<T> xs) {
        if (xs.isEmpty()) throw new NoSuchElementException("empty list");
        T lo = xs.get(0), hi = xs.get(0);
        for (T x : xs) {
            if (x.compareTo(lo) < 0) lo = x;
            if (x.compareTo(hi) > 0) hi = x;
        }
        return new Pair<>(lo, hi);
    }

    static <K, V extends Comparable<? super V>> Map<V, List<K>> invert(Map<K, V> m) {
        Map<V, List<K>> out = new TreeMap<>();
        m.forEach((k, v) -> out.computeIfAbsent(v, unused -> new ArrayList<>()).add(k));
        return out;
    }

    public static void main(String[] args) {
        Scanner sc = new Scanner(System.in);
        List<String> words = new ArrayList<>();
        while (sc.hasNext()) words.add(sc.next());
        if (words.isEmpty()) {
            System.out.println("no words");
            return;
        }
        Pair<String, String> mm = minMax(words);
        System.out.println("alphabetical range: " + mm);
        System.out.println("with lengths: " + mm.mapSecond(String::length));
        Map<String, Integer> lengths = new TreeMap<>();
        for (String w : words) lengths.put(w, w.length());
        System.out.println("words by length: " + invert(lengths));
    }
}
