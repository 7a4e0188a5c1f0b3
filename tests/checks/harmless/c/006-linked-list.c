#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

static struct node *push_sorted(struct node *head, int v)
{
    struct node *n = malloc(sizeof *n);
    if (!n) {
        perror("malloc");
        exit(1);
    }
    n->value = v;
    struct node **pp = &head;
    while (*pp && (*pp)->value < v)
        pp = &(*pp)->next;
    n->next = *pp;
    *pp = n;
    return head;
}

static struct node *reverse_list(struct node *head)
{
    struct node *prev = NULL;
    while (head) {
        struct node *next = head->next;
        head->next = prev;
        prev = head;
        head = next;
    }
    return prev;
}

/* Unlinks every node holding v from the list (in memory only). */
static struct node *drop_value(struct node *head, int v, int *dropped)
{
    struct node **pp = &head;
    while (*pp) {
        if ((*pp)->value == v) {
            struct node *dead = *pp;
            *pp = dead->next;
            free(dead);
            (*dropped)++;
        } else {
            pp = &(*pp)->next;
        }
    }
    return head;
}

int main(void)
{
    struct node *head = NULL;
    int n, v;
    if (scanf("%d", &n) != 1)
        return 1;
    for (int i = 0; i < n && scanf("%d", &v) == 1; i++)
        head = push_sorted(head, v);
    int target, dropped = 0;
    if (scanf("%d", &target) == 1)
        head = drop_value(head, target, &dropped);
    head = reverse_list(head);
    printf("dropped %d; descending:", dropped);
    for (struct node *p = head; p; p = p->next)
        printf(" %d", p->value);
    putchar('\n');
    while (head) {
        struct node *nx = head->next;
        free(head);
        head = nx;
    }
    return 0;
}
