#include <stdio.h>
#include <string.h>

/* Open-addressing hash table with linear probing and tombstones.
   Deleting only marks a slot; it has nothing to do with remove(3). */

#define CAP 4096

enum slot_state { EMPTY, USED, DELETED };

struct slot {
    enum slot_state state;
    char key[32];
    int value;
};

static struct slot table[CAP];

static unsigned long hash(const char *s)
{
    unsigned long h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

static struct slot *lookup(const char *key, int for_insert)
{
    unsigned long i = hash(key) % CAP;
    struct slot *tomb = NULL;
    for (int probes = 0; probes < CAP; probes++, i = (i + 1) % CAP) {
        struct slot *s = &table[i];
        if (s->state == EMPTY)
            return for_insert ? (tomb ? tomb : s) : NULL;
        if (s->state == DELETED) {
            if (!tomb)
                tomb = s;
            continue;
        }
        if (strcmp(s->key, key) == 0)
            return s;
    }
    return for_insert ? tomb : NULL;
}

int main(void)
{
    char op[8], key[32];
    int value, opened = 0;
    while (scanf("%7s %31s", op, key) == 2) {
        if (strcmp(op, "set") == 0 && scanf("%d", &value) == 1) {
            struct slot *s = lookup(key, 1);
            if (!s) {
                puts("table full");
                return 1;
            }
            if (s->state != USED) {
                opened++;
                strcpy(s->key, key);
                s->state = USED;
            }
            s->value = value;
        } else if (strcmp(op, "get") == 0) {
            struct slot *s = lookup(key, 0);
            if (s)
                printf("%s = %d\n", key, s->value);
            else
                printf("%s not found\n", key);
        } else if (strcmp(op, "del") == 0) {
            struct slot *s = lookup(key, 0);
            if (s) {
                s->state = DELETED;
                opened--;
            }
        }
    }
    printf("%d live keys\n", opened);
    return 0;
}
