import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.EnumMap;
import java.util.Map;

public class Main {
    enum Day { MON, TUE, WED, THU, FRI, SAT, SUN }

    static int expectedHours(Day d) {
        return switch (d) {
            case MON, TUE, WED, THU -> 8;
            case FRI -> 6;
            case SAT, SUN -> 0;
        };
    }

    static String kind(Day d) {
        return switch (d) {
            case SAT, SUN -> "weekend";
            default -> {
                String s = d.ordinal() < 2 ? "early" : "late";
                yield s + " weekday";
            }
        };
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        Map<Day, Integer> logged = new EnumMap<>(Day.class);
        String line;
        while ((line = in.readLine()) != null) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length != 2) continue;
            try {
                Day d = Day.valueOf(parts[0].toUpperCase());
                logged.merge(d, Integer.parseInt(parts[1]), Integer::sum);
            } catch (IllegalArgumentException e) {
                System.out.println("ignored: " + line);
            }
        }
        int overtime = 0;
        for (Day d : Day.values()) {
            int h = logged.getOrDefault(d, 0);
            overtime += Math.max(0, h - expectedHours(d));
            System.out.printf("%s %-15s logged %2d expected %d%n", d, "(" + kind(d) + ")", h, expectedHours(d));
        }
        System.out.println("overtime hours: " + overtime);
    }
}
