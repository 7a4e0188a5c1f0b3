import java.util.Scanner;

public class Main {
    static boolean isPalindrome(String s) {
        String t = s.toLowerCase().replaceAll("[^a-z0-9]", "");
        return new StringBuilder(t).reverse().toString().equals(t);
    }

    static String compress(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            int j = i;
            while (j < s.length() && s.charAt(j) == c) j++;
            sb.append(c);
            if (j - i > 1) sb.append(j - i);
            i = j;
        }
        return sb.toString();
    }

    static String escapeQuotes(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\'' -> sb.append("\\'");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    public static void main(String[] args) {
        Scanner sc = new Scanner(System.in);
        int n = 0;
        while (sc.hasNextLine()) {
            String line = sc.nextLine();
            n++;
            System.out.println("line " + n + ": " + line.length() + " chars");
            System.out.println("  palindrome: " + isPalindrome(line));
            System.out.println("  compressed: " + compress(line));
            System.out.println("  escaped:    \"" + escapeQuotes(line) + "\"");
            int words = line.isBlank() ? 0 : line.trim().split("\\s+").length;
            System.out.println("  words:      " + words);
        }
    }
}
