/*
 * ip-fanout: runs many `ip -batch -` processes, each inside its own network namespace, a few at
 * a time, and reports how each one ended.
 *
 * Why it exists: an apply of 500 namespaces needs one `ip -batch -` per namespace (a batch line
 * cannot name a namespace; PERFORMANCE.md). Started from Node, each process costs 10-25 ms of the
 * agent's CPU (spawn, then execa's bookkeeping), and Node's spawn is synchronous, so the starts
 * are serialized on its one thread: 500 of them cost more than the `ip` processes themselves.
 * From this program a start is a fork and an exec. The agent runs it once per stage of a plan,
 * through execa like every other command, and it runs exactly the batches the agent gives it.
 *
 * Each child enters its namespace with setns(2) on /run/netns/<name> before exec, which is what
 * `nsenter --net=/run/netns/<name> ip -batch -` does, without the extra exec. (`ip -n` would also
 * remount /sys in a private mount namespace, copying the whole mount table on every call.)
 *
 *   ip-fanout [--jobs K] [--keep-going]
 *
 * stdin: the jobs, each a header line "<netns> <flags> <timeout-ms> <bytes>" then exactly <bytes>
 * bytes of batch input. <netns> is "-" for the root namespace; <flags> is "f" for `ip -force`
 * (go on after a failing line) or "-". A line "=" is a barrier: the jobs after it start once
 * every job before it has ended (the stages of a plan), so one ip-fanout runs a whole plan.
 * stdout: one JSON line per job that ran, as it ends (completion order):
 *   {"job":3,"exit":1,"signal":0,"timedOut":false,"ms":4.2,"stderr":"..."}
 * A failed job without "f" stops the run: no job starts after it (those already running finish),
 * unless --keep-going. A failed "f" job (a teardown, whose lines are independent) does not.
 * Exit status: 0 if every job ran and exited 0, 1 otherwise, 2 for bad usage or input.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_JOBS_IN_FLIGHT 64

typedef struct {
  char netns[256]; /* empty: the root namespace */
  int group;       /* jobs of a group run at once; a group starts when the one before has ended */
  int force;
  long timeout_ms;
  const char *input;
  size_t input_len;
} job_t;

typedef struct {
  int job;
  pid_t pid;
  int err_fd; /* memfd the child's stderr goes to: no pipe to drain while it runs */
  double started_ms;
  double deadline_ms;
  int timed_out;
} slot_t;

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die_input(const char *why) {
  fprintf(stderr, "ip-fanout: %s\n", why);
  exit(2);
}

static char *read_all(int fd, size_t *len) {
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap + 1);
  for (;;) {
    if (!buf) die_input("out of memory");
    ssize_t r = read(fd, buf + n, cap - n);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) die_input("cannot read stdin");
    if (r == 0) break;
    n += (size_t)r;
    if (n == cap) buf = realloc(buf, (cap *= 2) + 1);
  }
  buf[n] = '\0';
  *len = n;
  return buf;
}

/* Parses the job list; every job is checked before any runs, so bad input runs nothing. */
static job_t *parse_jobs(char *in, size_t len, int *count) {
  int cap = 64;
  job_t *jobs = malloc(sizeof(job_t) * cap);
  *count = 0;
  size_t pos = 0;
  int group = 0;
  while (pos < len) {
    char *nl = memchr(in + pos, '\n', len - pos);
    if (!nl) die_input("job header without a line break");
    *nl = '\0';
    if (strcmp(in + pos, "=") == 0) {
      group += 1;
      pos = (size_t)(nl - in) + 1;
      continue;
    }
    char netns[256], flags[8];
    long timeout_ms;
    unsigned long bytes;
    if (strlen(in + pos) > 300 || sscanf(in + pos, "%255s %7s %ld %lu", netns, flags, &timeout_ms, &bytes) != 4)
      die_input("bad job header (want: <netns|-> <f|-> <timeout-ms> <bytes>)");
    pos = (size_t)(nl - in) + 1;
    if (bytes > len - pos) die_input("job input shorter than its header says");
    if (strcmp(netns, "-") != 0 && (netns[0] == '.' || strchr(netns, '/') != NULL)) die_input("bad namespace name");
    if (timeout_ms <= 0) die_input("timeout must be positive");
    if (*count == cap) jobs = realloc(jobs, sizeof(job_t) * (cap *= 2));
    if (!jobs) die_input("out of memory");
    job_t *j = &jobs[(*count)++];
    snprintf(j->netns, sizeof j->netns, "%s", strcmp(netns, "-") == 0 ? "" : netns);
    j->group = group;
    j->force = strcmp(flags, "f") == 0;
    j->timeout_ms = timeout_ms;
    j->input = in + pos;
    j->input_len = bytes;
    pos += bytes;
  }
  return jobs;
}

static void print_json_string(const char *s, size_t n) {
  putchar('"');
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') printf("\\%c", c);
    else if (c == '\n') fputs("\\n", stdout);
    else if (c < 0x20 || c == 0x7f) printf("\\u%04x", c);
    else putchar(c);
  }
  putchar('"');
}

static void report(int job, int exit_code, int signal, int timed_out, double ms, const char *err, size_t err_len) {
  printf("{\"job\":%d,\"exit\":%d,\"signal\":%d,\"timedOut\":%s,\"ms\":%.2f,\"stderr\":", job, exit_code, signal,
         timed_out ? "true" : "false", ms);
  print_json_string(err, err_len);
  fputs("}\n", stdout);
  fflush(stdout); /* the agent shows progress as each batch ends */
}

/* What a child wrote to its stderr memfd, capped: a runaway batch cannot flood the agent. */
static size_t read_stderr(int fd, char *buf, size_t cap) {
  size_t n = 0;
  if (lseek(fd, 0, SEEK_SET) < 0) return 0;
  while (n < cap) {
    ssize_t r = read(fd, buf + n, cap - n);
    if (r <= 0) break;
    n += (size_t)r;
  }
  return n;
}

static int memfd_with(const char *name, const char *data, size_t len) {
  int fd = memfd_create(name, MFD_CLOEXEC);
  if (fd < 0) return -1;
  for (size_t off = 0; off < len;) {
    ssize_t w = write(fd, data + off, len - off);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) { close(fd); return -1; }
    off += (size_t)w;
  }
  lseek(fd, 0, SEEK_SET);
  return fd;
}

/* Starts job j; on a failure before exec it reports the job at once and returns 0. */
static pid_t start(const job_t *j, int index, int *err_fd, const sigset_t *parent_mask) {
  char why[400];
  int ns_fd = -1;
  if (j->netns[0] != '\0') {
    char path[300];
    snprintf(path, sizeof path, "/run/netns/%s", j->netns);
    ns_fd = open(path, O_RDONLY | O_CLOEXEC);
    if (ns_fd < 0) {
      /* The words `ip -n` uses, so the agent's error rules classify it the same way. */
      int n = snprintf(why, sizeof why, "Cannot open network namespace \"%s\": %s", j->netns, strerror(errno));
      report(index, 255, 0, 0, 0, why, (size_t)n);
      return 0;
    }
  }
  int in_fd = memfd_with("ip-batch-input", j->input, j->input_len);
  *err_fd = memfd_create("ip-batch-stderr", MFD_CLOEXEC);
  if (in_fd < 0 || *err_fd < 0) {
    int n = snprintf(why, sizeof why, "ip-fanout: memfd_create: %s", strerror(errno));
    report(index, 255, 0, 0, 0, why, (size_t)n);
    if (in_fd >= 0) close(in_fd);
    if (*err_fd >= 0) close(*err_fd);
    if (ns_fd >= 0) close(ns_fd);
    return 0;
  }
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    /* If the agent kills this program (abort, timeout), its batches die with it. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    dup2(*err_fd, 2);
    if (ns_fd >= 0 && setns(ns_fd, CLONE_NEWNET) < 0) {
      dprintf(2, "Cannot open network namespace \"%s\": %s\n", j->netns, strerror(errno));
      _exit(255);
    }
    int null_fd = open("/dev/null", O_WRONLY);
    dup2(in_fd, 0);
    if (null_fd >= 0) dup2(null_fd, 1);
    sigprocmask(SIG_SETMASK, parent_mask, NULL); /* the blocked SIGCHLD would survive exec */
    char *argv[] = { "ip", j->force ? "-force" : "-batch", j->force ? "-batch" : "-", j->force ? "-" : NULL, NULL };
    execvp("ip", argv);
    dprintf(2, "ip-fanout: cannot run ip: %s\n", strerror(errno));
    _exit(127);
  }
  close(in_fd);
  if (ns_fd >= 0) close(ns_fd);
  if (pid < 0) {
    int n = snprintf(why, sizeof why, "ip-fanout: fork: %s", strerror(errno));
    report(index, 255, 0, 0, 0, why, (size_t)n);
    close(*err_fd);
    return 0;
  }
  return pid;
}

int main(int argc, char **argv) {
  int jobs_in_flight = 4, keep_going = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc) jobs_in_flight = atoi(argv[++i]);
    else if (strcmp(argv[i], "--keep-going") == 0) keep_going = 1;
    else die_input("usage: ip-fanout [--jobs K] [--keep-going] < jobs");
  }
  if (jobs_in_flight < 1 || jobs_in_flight > MAX_JOBS_IN_FLIGHT) die_input("--jobs takes 1..64");

  size_t len;
  char *in = read_all(0, &len);
  int count;
  job_t *jobs = parse_jobs(in, len, &count);

  /* SIGCHLD stays blocked and is taken with sigtimedwait: one loop handles exits and deadlines. */
  sigset_t chld, parent_mask;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, &parent_mask);

  slot_t slots[MAX_JOBS_IN_FLIGHT];
  int running = 0, next = 0, failed = 0, any_failed = 0;
  static char err[1 << 16];
  int group = count > 0 ? jobs[0].group : 0;
  while (next < count || running > 0) {
    /* The next group starts only when this one has ended, and not at all after a failure. */
    if (running == 0 && next < count && jobs[next].group != group) {
      if (failed && !keep_going) break;
      group = jobs[next].group;
    }
    while (running < jobs_in_flight && next < count && jobs[next].group == group && (keep_going || !failed)) {
      int err_fd = -1, index = next++;
      pid_t pid = start(&jobs[index], index, &err_fd, &parent_mask);
      if (pid == 0) { failed |= !jobs[index].force; any_failed = 1; continue; }
      double t = now_ms();
      slots[running++] = (slot_t){ index, pid, err_fd, t, t + (double)jobs[index].timeout_ms, 0 };
    }
    if (running == 0) break;

    double soonest = slots[0].deadline_ms;
    for (int s = 1; s < running; s++) if (slots[s].deadline_ms < soonest) soonest = slots[s].deadline_ms;
    double wait = soonest - now_ms();
    if (wait < 0) wait = 0;
    struct timespec ts = { (time_t)(wait / 1e3), (long)((wait - (time_t)(wait / 1e3) * 1e3) * 1e6) };
    sigtimedwait(&chld, NULL, &ts);

    double t = now_ms();
    for (int s = 0; s < running; s++)
      if (!slots[s].timed_out && t >= slots[s].deadline_ms) {
        kill(slots[s].pid, SIGKILL);
        slots[s].timed_out = 1;
        slots[s].deadline_ms = t + 1e9; /* now only waiting for it to be reaped */
      }
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
      for (int s = 0; s < running; s++) {
        if (slots[s].pid != pid) continue;
        slot_t done = slots[s];
        slots[s] = slots[--running];
        size_t n = read_stderr(done.err_fd, err, sizeof err);
        close(done.err_fd);
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
        if (code != 0 && !jobs[done.job].force) failed = 1;
        if (code != 0) any_failed = 1;
        report(done.job, code, sig, done.timed_out, now_ms() - done.started_ms, err, n);
        break;
      }
    }
  }
  return failed || any_failed || next < count ? 1 : 0;
}
