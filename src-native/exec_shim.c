// signalfd-exec COMMAND [ARGS...]: how `signalfd run` starts its command.
// It moves into a process group of its own, takes the terminal's foreground
// when its parent's group had it, then execs COMMAND. This must happen in the
// child: libuv's spawn returns only after exec, when the parent may no longer
// setpgid it, and Node's `detached` means setsid, which loses the terminal.
//
// fd 3 is a pipe to the supervisor. exec closes it (it is made close-on-exec),
// which tells the supervisor the command runs in its own group; on failure it
// carries "<syscall> <errno>\n" and the exit status is 127 (not found), 126
// (found but not executable) or 1 (the terminal could not be handed over).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

enum { REPORT_FD = 3 };

static int report(const char* syscall, int error, int status) {
  dprintf(REPORT_FD, "%s %d\n", syscall, error);
  return status;
}

// A process outside the foreground group that calls tcsetpgrp gets SIGTTOU
// unless it blocks it.
static int take_terminal(void) {
  sigset_t ttou, previous;
  sigemptyset(&ttou);
  sigaddset(&ttou, SIGTTOU);
  sigprocmask(SIG_BLOCK, &ttou, &previous);
  int result = tcsetpgrp(STDIN_FILENO, getpgrp());
  int error = errno;
  sigprocmask(SIG_SETMASK, &previous, NULL);
  errno = error;
  return result;
}

int main(int argc, char** argv) {
  if (argc < 2) return report("execvp", EINVAL, 126);
  fcntl(REPORT_FD, F_SETFD, FD_CLOEXEC);
  // Only a foreground job may hand the terminal on; a background one must
  // not steal it from the shell.
  const int foreground = isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) == getpgrp();
  if (setpgid(0, 0) != 0) return report("setpgid", errno, 1);
  if (foreground && take_terminal() != 0) return report("tcsetpgrp", errno, 1);
  execvp(argv[1], argv + 1);
  const int error = errno;
  return report("execvp", error, error == ENOENT ? 127 : 126);
}
