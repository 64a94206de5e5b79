// Flood sender: sigqueue()s COUNT copies of real-time signal SIGNO to PID with
// payloads 0..COUNT-1, retrying while the receiver's queue is full (EAGAIN),
// or failing then with "noretry" (a receiver that is not reading yet).
// Usage: rt_sender PID SIGNO COUNT [noretry]
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "bench_util.h"

int main(int argc, char **argv) {
  if (argc != 4 && !(argc == 5 && strcmp(argv[4], "noretry") == 0)) {
    fprintf(stderr, "usage: %s PID SIGNO COUNT [noretry]\n", argv[0]);
    return 2;
  }
  pid_t pid = (pid_t)parse_count(argv[1], "pid");
  int signo = (int)parse_count(argv[2], "signo");
  long count = parse_count(argv[3], "count");
  long full = 0;
  int64_t start = now_ns();
  for (long i = 0; i < count; i++) {
    union sigval value = {.sival_int = (int)i};
    while (sigqueue(pid, signo, value) != 0) {
      if (errno != EAGAIN || argc == 5) {
        perror("sigqueue");
        return 1;
      }
      ++full;
      sched_yield();
    }
  }
  printf("{\"sent\":%ld,\"queueFull\":%ld,\"ns\":%lld}\n", count, full, (long long)(now_ns() - start));
  return 0;
}
