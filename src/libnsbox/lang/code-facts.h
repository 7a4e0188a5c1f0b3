/* code-facts.h - what the code-aware checks learn about a program: the
 * modules it imports, the names it uses (resolved through its aliases) and
 * the dynamic forms that defeat naming.  The checker's sandbox writes them
 * into memory the privileged side then reads and validates
 * (nsbox_code_facts_valid), and the policy's rules are matched against them. */
#ifndef NSBOX_CODE_FACTS_H
#define NSBOX_CODE_FACTS_H

#include <stdbool.h>
#include <stdint.h>

enum nsbox_code_fact_kind
{
  NSBOX_FACT_IMPORT,  /* a module, package, crate path or header: "os", "child_process", "sys/socket.h" */
  NSBOX_FACT_USE,     /* a resolved name: "os.system", "child_process.exec", "std::process::Command::new" */
  NSBOX_FACT_DYNAMIC, /* a form that computes what it reaches: "computed-import", "computed-attribute", ... */
};

struct nsbox_code_fact
{
  uint8_t kind;
  uint32_t line;
  uint32_t name, name_len; /* in names[] */
};

#define NSBOX_CODE_FACTS_MAX 16384
#define NSBOX_CODE_NAMES_MAX (512u * 1024u)
#define NSBOX_CODE_FACTS_HASH 32768u /* a power of two, twice the facts */

struct nsbox_code_facts
{
  uint32_t n;
  bool overflow; /* more facts, or longer names, than fit: the analysis is incomplete */
  uint32_t error_line; /* a syntax error, 0 = none */
  char error[120];
  struct nsbox_code_fact fact[NSBOX_CODE_FACTS_MAX];
  uint32_t names_used;
  char names[NSBOX_CODE_NAMES_MAX];
  uint32_t hash[NSBOX_CODE_FACTS_HASH]; /* fact index + 1, 0 = free: one fact per kind and name */
};

/* Whether what a sandboxed checker left is well-formed: counts within bounds,
 * every name inside names[], the error NUL-terminated. */
bool nsbox_code_facts_valid (const struct nsbox_code_facts *facts);

#endif
