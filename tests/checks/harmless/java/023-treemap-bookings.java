import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

public class Main {
    record Booking(int start, int end, String owner) {}

    // Meeting-room booking: each line "start end name" books [start, end).
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        NavigableMap<Integer, Booking> bookings = new TreeMap<>();
        String line;
        int rejected = 0;
        while ((line = in.readLine()) != null) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 3) continue;
            int start = Integer.parseInt(f[0]), end = Integer.parseInt(f[1]);
            if (end <= start) {
                rejected++;
                continue;
            }
            Map.Entry<Integer, Booking> before = bookings.floorEntry(start);
            Map.Entry<Integer, Booking> after = bookings.ceilingEntry(start);
            boolean clash = (before != null && before.getValue().end() > start)
                    || (after != null && after.getKey() < end);
            if (clash) {
                System.out.printf("%s: %d-%d clashes%n", f[2], start, end);
                rejected++;
            } else {
                bookings.put(start, new Booking(start, end, f[2]));
            }
        }
        int busy = 0;
        Integer prevEnd = null;
        for (Booking b : bookings.values()) {
            if (prevEnd != null && b.start() > prevEnd) System.out.printf("  free %d-%d%n", prevEnd, b.start());
            System.out.printf("%5d-%-5d %s%n", b.start(), b.end(), b.owner());
            busy += b.end() - b.start();
            prevEnd = b.end();
        }
        System.out.println("booked time " + busy + ", rejected " + rejected);
    }
}
