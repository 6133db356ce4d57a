#ifndef CG_PLAN_INTERNAL_H
#define CG_PLAN_INTERNAL_H

#include "cg_element_tree.h"

#include <libxml/xmlstring.h>

/* The namespace the `xml` prefix is bound to, always. */
#define CG_XML_NAMESPACE "http://www.w3.org/XML/1998/namespace"

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
    char **distinct_uris; /* each namespace URI once ("" among them when a name has none) */
    int32_t uri_count;
    int32_t *uri_index;   /* per name: its URI's index in distinct_uris */
    int32_t no_namespace_index;  /* index of "" (names in no namespace), -1 when no name is */
    int32_t xml_namespace_index; /* index of the namespace of the `xml` prefix, -1 when no name is in it */
    uint64_t serial;     /* unique per plan ever made: a freed plan's address may be reused, its serial not */
};

/* The trie node an element named `name` reaches from `node`, or -1. */
int32_t cg_plan_step(const cg_plan *plan, int32_t node, int32_t name);
/* The id of the name (namespace URI or NULL, local name), or -1 when no path names it. */
int32_t cg_plan_name(const cg_plan *plan, const xmlChar *uri, const xmlChar *local);
/* The hash of names the plan's table is keyed by. */
uint32_t cg_name_hash(const uint8_t *name, int32_t length);
/* The index of a namespace URI (length 0: no namespace) among the plan's, or -1 when no name of the plan has it. */
int32_t cg_plan_uri_index(const cg_plan *plan, const uint8_t *uri, int32_t uri_length);
/* The id of the local name in the namespace of index `uri_index` (see cg_plan_uri_index), or -1. */
int32_t cg_plan_name_in(const cg_plan *plan, int32_t uri_index, const uint8_t *local, int32_t local_length, uint32_t local_hash);

#endif
