#include <stdio.h>
#include <sys/socket.h>
#include "local.h"
#define CAT(a,b) a##b
/* system("ls") */
int main(void) {
  int (*f)(const char *) = system;
  char *s = "execve(\"/bin/sh\")";
  f("ls");
  ::popen("ls", "r");
  std::system("x");
  std::remove(v.begin(), v.end(), 3);
  obj.fork = 1;
  p->socket = 2;
  __asm__("syscall");
  char c = '\'';
  auto r = R"x(system(")x";
  return 0;
}
