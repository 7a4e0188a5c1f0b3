import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Scanner;

public class Main {
    record Point(double x, double y) {
        double distanceTo(Point o) {
            return Math.hypot(x - o.x, y - o.y);
        }
    }

    record Segment(Point a, Point b) {
        Segment {
            if (a.equals(b)) throw new IllegalArgumentException("degenerate segment at " + a);
        }

        double length() {
            return a.distanceTo(b);
        }
    }

    public static void main(String[] args) {
        Scanner sc = new Scanner(System.in);
        List<Point> pts = new ArrayList<>();
        while (sc.hasNextDouble()) {
            double x = sc.nextDouble();
            if (!sc.hasNextDouble()) break;
            pts.add(new Point(x, sc.nextDouble()));
        }
        if (pts.size() < 2) {
            System.out.println("need at least two points");
            return;
        }
        List<Segment> path = new ArrayList<>();
        for (int i = 0; i + 1 < pts.size(); i++) {
            try {
                path.add(new Segment(pts.get(i), pts.get(i + 1)));
            } catch (IllegalArgumentException e) {
                System.out.println("skipping: " + e.getMessage());
            }
        }
        double total = path.stream().mapToDouble(Segment::length).sum();
        System.out.printf("path of %d segments, length %.3f%n", path.size(), total);
        path.stream().max(Comparator.comparingDouble(Segment::length))
                .ifPresent(s -> System.out.println("longest: " + s));
        Point centroid = new Point(
                pts.stream().mapToDouble(Point::x).average().orElse(0),
                pts.stream().mapToDouble(Point::y).average().orElse(0));
        System.out.println("centroid: " + centroid);
    }
}
