// Shared by the C helpers: clocks, and a blocking signalfd for a
// set of signals that are blocked first (a C program has one thread, so
// sigprocmask covers the whole process).
#pragma once
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/signalfd.h>
#include <time.h>

static inline int64_t now_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

// CPU time of the process, user and system.
static inline int64_t cpu_ns(void) {
  struct timespec used;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &used);
  return (int64_t)used.tv_sec * 1000000000 + used.tv_nsec;
}

static inline int blocked_signalfd(const sigset_t *set) {
  if (sigprocmask(SIG_BLOCK, set, NULL) != 0) {
    perror("sigprocmask");
    exit(1);
  }
  int fd = signalfd(-1, set, SFD_CLOEXEC);
  if (fd < 0) {
    perror("signalfd");
    exit(1);
  }
  return fd;
}

static inline long parse_count(const char *text, const char *what) {
  char *end;
  long value = strtol(text, &end, 10);
  if (*end != '\0' || value < 0) {
    fprintf(stderr, "bad %s: %s\n", what, text);
    exit(2);
  }
  return value;
}
