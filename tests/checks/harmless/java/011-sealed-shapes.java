import java.util.ArrayList;
import java.util.List;
import java.util.Scanner;

public class Main {
    sealed interface Shape permits Circle, Rect, Triangle {}

    record Circle(double r) implements Shape {}

    record Rect(double w, double h) implements Shape {}

    record Triangle(double a, double b, double c) implements Shape {}

    static double area(Shape s) {
        if (s instanceof Circle c) return Math.PI * c.r() * c.r();
        if (s instanceof Rect r) return r.w() * r.h();
        if (s instanceof Triangle t) {
            double p = (t.a() + t.b() + t.c()) / 2;
            return Math.sqrt(p * (p - t.a()) * (p - t.b()) * (p - t.c()));
        }
        throw new IllegalStateException("unknown shape");
    }

    static Shape parse(String[] f) {
        return switch (f[0]) {
            case "circle" -> new Circle(Double.parseDouble(f[1]));
            case "rect" -> new Rect(Double.parseDouble(f[1]), Double.parseDouble(f[2]));
            case "tri" -> new Triangle(Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]));
            default -> throw new IllegalArgumentException("unknown kind " + f[0]);
        };
    }

    public static void main(String[] args) {
        Scanner sc = new Scanner(System.in);
        List<Shape> shapes = new ArrayList<>();
        while (sc.hasNextLine()) {
            String line = sc.nextLine().trim();
            if (line.isEmpty()) continue;
            try {
                shapes.add(parse(line.split("\\s+")));
            } catch (RuntimeException e) {
                System.out.println("skipped '" + line + "': " + e.getMessage());
            }
        }
        shapes.sort((x, y) -> Double.compare(area(y), area(x)));
        double total = 0;
        for (Shape s : shapes) {
            double a = area(s);
            total += a;
            System.out.printf("%-40s %10.3f%n", s, a);
        }
        System.out.printf("total area %.3f over %d shapes%n", total, shapes.size());
    }
}
