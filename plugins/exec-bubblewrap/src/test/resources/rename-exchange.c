/* Swaps two names with renameat2(RENAME_EXCHANGE) as fast as it can, until the stop file appears; prints the
 * number of swaps. What a hostile command does to make a directory a symbolic link at the worst moment. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s NAME OTHER STOPFILE\n", argv[0]);
        return 2;
    }
    long swaps = 0;
    while (access(argv[3], F_OK) != 0) {
        for (int i = 0; i < 1000; i++) {
            if (syscall(SYS_renameat2, AT_FDCWD, argv[1], AT_FDCWD, argv[2], RENAME_EXCHANGE) == 0) {
                swaps++;
            }
        }
    }
    printf("swaps %ld\n", swaps);
    return 0;
}
