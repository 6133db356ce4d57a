#ifndef CG_PLAN_INTERNAL_H
#define CG_PLAN_INTERNAL_H

#include "cg_element_tree.h"

#include <libxml/xmlstring.h>

/* The plan's layout, shared by the plan (cg_plan.c) and the parse (cg_element_tree.c). */

typedef struct {
    int32_t name;
    int32_t to;
} cg_edge;

struct cg_plan {
    int32_t name_count;
    char **uris;   /* "" for no namespace */
    char **locals;
    int32_t trie_node_count;
    uint8_t *keeps_subtree;
    int32_t *edge_start; /* edges of trie node n: edges[edge_start[n], edge_start[n + 1]) */
    cg_edge *edges;
    int32_t *slots;      /* open addressing by local-name hash: name id + 1, 0 when empty */
    uint32_t slot_mask;
    uint64_t serial;     /* unique per plan ever made: a freed plan's address may be reused, its serial not */
};

/* The trie node an element named `name` reaches from `node`, or -1. */
int32_t cg_plan_step(const cg_plan *plan, int32_t node, int32_t name);
/* The id of the name (namespace URI or NULL, local name), or -1 when no path names it. */
int32_t cg_plan_name(const cg_plan *plan, const xmlChar *uri, const xmlChar *local);
/* cg_plan_name for names given as byte spans (a URI of length 0 is no namespace). */
int32_t cg_plan_name_span(const cg_plan *plan, const uint8_t *uri, int32_t uri_length, const uint8_t *local, int32_t local_length);

#endif
