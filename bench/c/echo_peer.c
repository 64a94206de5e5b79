// Round-trip peer: answers every SIGUSR1 with a SIGUSR2 to its sender (the
// record's ssi_pid), read through a blocking signalfd. Exits on SIGTERM, or
// when its parent dies.
#include <errno.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "bench_util.h"

int main(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGTERM);
  int fd = blocked_signalfd(&set);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  printf("{\"ready\":true,\"pid\":%d}\n", getpid());
  fflush(stdout);
  struct signalfd_siginfo records[64];
  for (;;) {
    ssize_t got = read(fd, records, sizeof records);
    if (got < 0) {
      if (errno == EINTR) continue;
      perror("read");
      return 1;
    }
    for (size_t i = 0; i < (size_t)got / sizeof records[0]; i++) {
      if (records[i].ssi_signo != SIGUSR1) return 0;
      kill((pid_t)records[i].ssi_pid, SIGUSR2);  // ESRCH: the driver is gone, fine
    }
  }
}
