#include "siginfo_record.h"

#include <stdint.h>
#include <string.h>

namespace sfd {

namespace {

enum class Layout { Kill, Timer, Rt, Poll, Fault, Child, Sys };

// Mirrors the kernel's siginfo_layout(): which union member is valid.
Layout LayoutOf(const siginfo_t& info) {
  const int code = info.si_code;
  if (code == SI_TIMER) return Layout::Timer;
  if (code == SI_SIGIO) return Layout::Poll;
  if (code == SI_QUEUE || code == SI_MESGQ || code == SI_ASYNCIO) return Layout::Rt;
  if (code <= 0 || code == SI_KERNEL) return Layout::Kill;
  switch (info.si_signo) {
    case SIGCHLD: return Layout::Child;
    case SIGPOLL: return Layout::Poll;
    case SIGSYS: return Layout::Sys;
    case SIGSEGV: case SIGBUS: case SIGILL: case SIGFPE: case SIGTRAP: return Layout::Fault;
    default: return Layout::Kill;
  }
}

}  // namespace

void RecordFromSiginfo(const siginfo_t& info, signalfd_siginfo* record) {
  memset(record, 0, sizeof *record);
  record->ssi_signo = info.si_signo;
  record->ssi_errno = info.si_errno;
  record->ssi_code = info.si_code;
  switch (LayoutOf(info)) {
    case Layout::Kill:
      record->ssi_pid = info.si_pid;
      record->ssi_uid = info.si_uid;
      break;
    case Layout::Timer:
      record->ssi_tid = info.si_timerid;
      record->ssi_overrun = info.si_overrun;
      record->ssi_int = info.si_int;
      record->ssi_ptr = reinterpret_cast<uintptr_t>(info.si_ptr);
      break;
    case Layout::Rt:
      record->ssi_pid = info.si_pid;
      record->ssi_uid = info.si_uid;
      record->ssi_int = info.si_int;
      record->ssi_ptr = reinterpret_cast<uintptr_t>(info.si_ptr);
      break;
    case Layout::Poll:
      record->ssi_band = info.si_band;
      record->ssi_fd = info.si_fd;
      break;
    case Layout::Fault:
      record->ssi_addr = reinterpret_cast<uintptr_t>(info.si_addr);
      record->ssi_addr_lsb = info.si_addr_lsb;
      break;
    case Layout::Child:
      record->ssi_pid = info.si_pid;
      record->ssi_uid = info.si_uid;
      record->ssi_status = info.si_status;
      record->ssi_utime = info.si_utime;
      record->ssi_stime = info.si_stime;
      break;
    case Layout::Sys:
      record->ssi_call_addr = reinterpret_cast<uintptr_t>(info.si_call_addr);
      record->ssi_syscall = info.si_syscall;
      record->ssi_arch = info.si_arch;
      break;
  }
}

}  // namespace sfd
