import java.util.*;

public class Main {
    record Address(String city, String postcode) {}

    record Customer(String name, Address address, String email) {}

    static Optional<String> domain(Customer c) {
        return Optional.ofNullable(c.email())
                .filter(e -> e.contains("@"))
                .map(e -> e.substring(e.indexOf('@') + 1).toLowerCase());
    }

    // Line format: name;city;postcode;email (any field after the name may be empty)
    static Customer parse(String line) {
        String[] f = line.split(";", -1);
        String name = f[0].trim();
        Address addr = f.length > 2 && !f[1].isBlank() ? new Address(f[1].trim(), f[2].trim()) : null;
        String email = f.length > 3 && !f[3].isBlank() ? f[3].trim() : null;
        return new Customer(name, addr, email);
    }

    public static void main(String[] args) {
        Scanner sc = new Scanner(System.in);
        List<Customer> customers = new ArrayList<>();
        while (sc.hasNextLine()) {
            String line = sc.nextLine();
            if (!line.isBlank()) customers.add(parse(line));
        }
        Map<String, Integer> byDomain = new TreeMap<>();
        for (Customer c : customers) {
            String city = Optional.ofNullable(c.address()).map(Address::city).orElse("(unknown city)");
            String dom = domain(c).orElseGet(() -> "(no email)");
            byDomain.merge(dom, 1, Integer::sum);
            System.out.printf("%-12s %-16s %s%n", c.name(), city, dom);
        }
        System.out.println("by domain: " + byDomain);
        customers.stream()
                .map(Customer::address)
                .filter(Objects::nonNull)
                .map(Address::postcode)
                .filter(p -> !p.isEmpty())
                .min(Comparator.naturalOrder())
                .ifPresentOrElse(p -> System.out.println("first postcode: " + p),
                        () -> System.out.println("no postcodes"));
    }
}
