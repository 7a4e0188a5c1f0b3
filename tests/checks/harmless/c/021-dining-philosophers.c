#include <stdio.h>
#include <stdbool.h>

/*
 * Dining philosophers as a deterministic, single-threaded simulation.
 * The "forks" are table utensils, not fork() calls: the program never
 * creates a process or a thread.
 */

#define MAXP 16

enum state { THINKING, HUNGRY, EATING };

int main(void)
{
    int n, ticks;
    if (scanf("%d %d", &n, &ticks) != 2 || n < 2 || n > MAXP || ticks < 0) {
        puts("input: philosophers(2..16) ticks");
        return 1;
    }
    bool forks[MAXP] = { false }; /* true = in use */
    enum state st[MAXP];
    int meals[MAXP] = { 0 }, timer[MAXP];
    unsigned seed = 12345;
    for (int i = 0; i < n; i++) {
        st[i] = THINKING;
        timer[i] = 1 + i % 3;
    }
    for (int t = 0; t < ticks; t++) {
        for (int i = 0; i < n; i++) {
            int left = i, right = (i + 1) % n;
            switch (st[i]) {
            case THINKING:
                if (--timer[i] <= 0)
                    st[i] = HUNGRY;
                break;
            case HUNGRY:
                /* take both forks at once or none, so nobody deadlocks */
                if (!forks[left] && !forks[right]) {
                    forks[left] = forks[right] = true;
                    st[i] = EATING;
                    seed = seed * 1103515245u + 12345u;
                    timer[i] = 1 + (int)((seed >> 16) % 3);
                }
                break;
            case EATING:
                if (--timer[i] <= 0) {
                    forks[left] = forks[right] = false;
                    meals[i]++;
                    st[i] = THINKING;
                    timer[i] = 2;
                }
                break;
            }
        }
    }
    int total = 0;
    for (int i = 0; i < n; i++) {
        printf("philosopher %2d ate %d times\n", i, meals[i]);
        total += meals[i];
    }
    printf("total meals: %d\n", total);
    return 0;
}
