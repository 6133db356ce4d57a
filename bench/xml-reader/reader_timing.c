/* Times one XML document read into an element tree, by libxml2's SAX and by ChannelGate's own reader (the two
   readers of Sources/CXMLElementTree), with a plan naming only the root element. Built and run by
   bench/xml-reader.sh. */
#include "cg_element_tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s FILE ROOT_URI ROOT_LOCAL ITERATIONS\n", argv[0]);
        return 2;
    }
    FILE *file = fopen(argv[1], "rb");
    if (!file) return 2;
    static char bytes[1 << 22];
    int length = (int)fread(bytes, 1, sizeof bytes, file);
    fclose(file);
    int iterations = atoi(argv[4]);
    const char *uris[] = {argv[2]};
    const char *locals[] = {argv[3]};
    int32_t from[] = {0}, names[] = {0}, to[] = {2};
    const char *reader_names[] = {"libxml2 SAX", "own reader"};
    const int32_t readers[] = {CG_READ_LIBXML2, CG_READ_FAST};
    for (int keep = 0; keep <= 1; keep++) {
        /* keep 0: only the root is reached; keep 1: the root's whole subtree is kept, every text copied. */
        uint8_t keeps[3] = {0, 0, (uint8_t)keep};
        cg_plan *plan = cg_plan_new(1, uris, locals, 3, keeps, 1, from, names, to);
        for (int r = 0; r < 2; r++) {
            double best = 1e9;
            for (int round = 0; round < 3; round++) {
                double start = seconds();
                for (int i = 0; i < iterations; i++) {
                    cg_tree *tree = cg_tree_parse_using(plan, bytes, length, readers[r]);
                    if (!tree || tree->status != 0) {
                        fprintf(stderr, "%s: status %d\n", reader_names[r], tree ? tree->status : -1);
                        return 1;
                    }
                    cg_tree_free(tree);
                }
                double each = (seconds() - start) / iterations * 1e6;
                if (each < best) best = each;
            }
            printf("| %s | %s | %.1f |\n", keep ? "whole document kept" : "root only", reader_names[r], best);
        }
        cg_plan_free(plan);
    }
    return 0;
}
