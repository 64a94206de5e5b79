// Flood receiver in C, the practical limit: reads COUNT records of SIGNO from
// a blocking signalfd, 64 records per read(2), and checks that the payloads
// arrive as 0..COUNT-1, each exactly once and in order. Times first to last
// record; with "drain", waits for a line on stdin first (the sender has
// queued everything by then) and times from that line to the last record.
// Usage: rt_reader SIGNO COUNT [drain]
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "bench_util.h"

int main(int argc, char **argv) {
  if (argc != 3 && !(argc == 4 && strcmp(argv[3], "drain") == 0)) {
    fprintf(stderr, "usage: %s SIGNO COUNT [drain]\n", argv[0]);
    return 2;
  }
  int signo = (int)parse_count(argv[1], "signo");
  long count = parse_count(argv[2], "count");
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, signo);
  int fd = blocked_signalfd(&set);
  printf("{\"ready\":true,\"pid\":%d}\n", getpid());
  fflush(stdout);
  const bool drain = argc == 4;
  char go;
  if (drain && read(0, &go, 1) != 1) {
    perror("stdin");
    return 1;
  }
  struct signalfd_siginfo records[64];
  long received = 0, misordered = 0;
  int64_t first = now_ns();
  while (received < count) {
    ssize_t got = read(fd, records, sizeof records);
    if (got < 0) {
      if (errno == EINTR) continue;
      perror("read");
      return 1;
    }
    if (received == 0 && !drain) first = now_ns();
    for (size_t i = 0; i < (size_t)got / sizeof records[0]; i++, received++) {
      if (records[i].ssi_int != (int32_t)received) ++misordered;
    }
  }
  printf("{\"received\":%ld,\"misordered\":%ld,\"ns\":%lld}\n", received, misordered, (long long)(now_ns() - first));
  return 0;
}
