import java.util.*;

public class Main {
    // Jobs are simulated. Nothing is launched: no ProcessBuilder, no
    // Runtime.exec and no Thread; a priority queue decides the order.
    record Job(String name, int priority, int duration, int submitted) {}

    public static void main(String[] args) {
        Scanner sc = new Scanner(System.in);
        PriorityQueue<Job> ready = new PriorityQueue<>(
                Comparator.comparingInt(Job::priority).reversed().thenComparingInt(Job::submitted));
        int t = 0;
        while (sc.hasNext()) {
            String name = sc.next();
            if (!sc.hasNextInt()) break;
            int prio = sc.nextInt();
            int dur = sc.hasNextInt() ? sc.nextInt() : 1;
            ready.add(new Job(name, prio, dur, t++));
        }
        int clock = 0;
        long totalWait = 0;
        int processCount = 0;
        System.out.println("time  job            prio  dur");
        while (!ready.isEmpty()) {
            Job j = ready.poll();
            totalWait += clock;
            System.out.printf("%4d  %-14s %4d %4d%n", clock, j.name(), j.priority(), j.duration());
            clock += j.duration();
            processCount++;
        }
        if (processCount > 0) {
            System.out.printf("%d jobs, makespan %d, mean wait %.2f%n",
                    processCount, clock, (double) totalWait / processCount);
        }
        String note = "ProcessBuilder is not available in the sandbox; jobs were simulated";
        System.out.println(note);
    }
}
