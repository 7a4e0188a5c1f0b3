/* eval.c - what a compiled seccomp program decides for one syscall, worked
 * out in user space before any sandbox starts, so nsbox can say why a
 * profile cannot work instead of leaving a workload to die unexplained.
 *
 * A classic BPF interpreter for the instructions seccomp programs use
 * (libseccomp's output and our ENOSYS prologue): loads from seccomp_data,
 * the scratch memory, ALU, conditional jumps (forward only, as the kernel's
 * verifier requires) and returns.  Anything else: "don't know". */
#define _GNU_SOURCE
#include "seccomp/seccomp.h"

#include <errno.h>
#include <string.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "seccomp/internal.h"

struct vm
{
  const struct seccomp_data *data;
  uint32_t a, x, mem[BPF_MEMWORDS];
};

static int
load_word (const struct seccomp_data *d, uint32_t offset, uint32_t *value)
{
  if (offset % 4 != 0 || offset > sizeof *d - 4)
    return -1;
  memcpy (value, (const char *)d + offset, 4);
  return 0;
}

static int
alu (struct vm *vm, uint16_t code, uint32_t k)
{
  uint32_t operand = BPF_SRC (code) == BPF_X ? vm->x : k;

  switch (BPF_OP (code))
    {
    case BPF_ADD:
      vm->a += operand;
      return 0;
    case BPF_SUB:
      vm->a -= operand;
      return 0;
    case BPF_AND:
      vm->a &= operand;
      return 0;
    case BPF_OR:
      vm->a |= operand;
      return 0;
    case BPF_XOR:
      vm->a ^= operand;
      return 0;
    case BPF_LSH:
      vm->a = operand < 32 ? vm->a << operand : 0;
      return 0;
    case BPF_RSH:
      vm->a = operand < 32 ? vm->a >> operand : 0;
      return 0;
    case BPF_NEG:
      vm->a = -vm->a;
      return 0;
    default:
      return -1;
    }
}

/* Whether a conditional jump is taken; -1 for an unknown test. */
static int
jump_taken (const struct vm *vm, uint16_t code, uint32_t k)
{
  uint32_t operand = BPF_SRC (code) == BPF_X ? vm->x : k;

  switch (BPF_OP (code))
    {
    case BPF_JEQ:
      return vm->a == operand;
    case BPF_JGT:
      return vm->a > operand;
    case BPF_JGE:
      return vm->a >= operand;
    case BPF_JSET:
      return (vm->a & operand) != 0;
    default:
      return -1;
    }
}

/* One instruction; sets *pc to the next, or returns 1 with *action. */
static int
step (struct vm *vm, const struct sock_filter *f, size_t *pc, uint32_t *action)
{
  uint16_t code = f->code;

  *pc += 1;
  switch (BPF_CLASS (code))
    {
    case BPF_LD:
      if (code == (BPF_LD | BPF_W | BPF_ABS))
        return load_word (vm->data, f->k, &vm->a);
      if (code == (BPF_LD | BPF_IMM))
        return vm->a = f->k, 0;
      if (code == (BPF_LD | BPF_MEM) && f->k < BPF_MEMWORDS)
        return vm->a = vm->mem[f->k], 0;
      return -1;
    case BPF_LDX:
      if (code == (BPF_LDX | BPF_IMM))
        return vm->x = f->k, 0;
      if (code == (BPF_LDX | BPF_MEM) && f->k < BPF_MEMWORDS)
        return vm->x = vm->mem[f->k], 0;
      return -1;
    case BPF_ST:
    case BPF_STX:
      if (f->k >= BPF_MEMWORDS)
        return -1;
      vm->mem[f->k] = BPF_CLASS (code) == BPF_ST ? vm->a : vm->x;
      return 0;
    case BPF_ALU:
      return alu (vm, code, f->k);
    case BPF_JMP:
      {
        int taken;

        if (BPF_OP (code) == BPF_JA)
          return *pc += f->k, 0;
        if ((taken = jump_taken (vm, code, f->k)) < 0)
          return -1;
        *pc += taken ? f->jt : f->jf;
        return 0;
      }
    case BPF_RET:
      *action = BPF_RVAL (code) == BPF_A ? vm->a : f->k;
      return 1;
    case BPF_MISC:
      if (BPF_MISCOP (code) == BPF_TAX)
        return vm->x = vm->a, 0;
      if (BPF_MISCOP (code) == BPF_TXA)
        return vm->a = vm->x, 0;
      return -1;
    default:
      return -1;
    }
}

int
nsbox_seccomp_action_for (const struct nsbox_seccomp_program *prog, int nr, uint32_t *action)
{
  struct seccomp_data data = { .nr = nr, .arch = NSBOX_SECCOMP_NATIVE_ARCH };
  struct vm vm = { .data = &data };
  size_t pc = 0;

  if (prog->length == 0)
    {
      *action = SECCOMP_RET_ALLOW;
      return 0;
    }
  /* Jumps only go forward, so this ends within length steps. */
  while (pc < prog->length)
    {
      int r = step (&vm, &prog->filter[pc], &pc, action);

      if (r != 0)
        return r > 0 ? 0 : -1;
    }
  return -1;
}
