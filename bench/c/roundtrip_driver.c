// Round-trip driver in C, the practical limit: sends SIGUSR1 to the echo peer
// and blocks on a signalfd for its SIGUSR2, `warmup + count` times; times the
// last `count` and reports the CPU time (user + system) spent on them.
// Usage: roundtrip_driver PEER_PID COUNT WARMUP
#include <errno.h>
#include <unistd.h>

#include "bench_util.h"

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s PEER_PID COUNT WARMUP\n", argv[0]);
    return 2;
  }
  pid_t peer = (pid_t)parse_count(argv[1], "pid");
  long count = parse_count(argv[2], "count");
  long warmup = parse_count(argv[3], "warmup");
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR2);
  int fd = blocked_signalfd(&set);
  int64_t start = now_ns(), cpu_start = cpu_ns();
  for (long i = 0; i < warmup + count; i++) {
    if (i == warmup) {
      start = now_ns();
      cpu_start = cpu_ns();
    }
    if (kill(peer, SIGUSR1) != 0) {
      perror("kill");
      return 1;
    }
    struct signalfd_siginfo record;
    while (read(fd, &record, sizeof record) < 0) {
      if (errno != EINTR) {
        perror("read");
        return 1;
      }
    }
    if (record.ssi_pid != (uint32_t)peer) {
      fprintf(stderr, "SIGUSR2 from %u, not the peer %d\n", record.ssi_pid, peer);
      return 1;
    }
  }
  printf("{\"roundTrips\":%ld,\"ns\":%lld,\"cpuNs\":%lld}\n", count, (long long)(now_ns() - start),
         (long long)(cpu_ns() - cpu_start));
  return 0;
}
