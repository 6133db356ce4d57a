#ifndef CSPAWN_H
#define CSPAWN_H
#include <spawn.h>
#include <sys/types.h>

/* Starts `path` with `argv` and `envp` in `directory` (NULL: the current one), standard output appended to
 * `output` (NULL: inherited) and standard error to /dev/null, every other descriptor closed in the child.
 * Returns 0 and the pid, or an errno value. */
int cspawn_start(const char *path, char *const argv[], char *const envp[], const char *directory, const char *output,
                 pid_t *pid);

#endif
