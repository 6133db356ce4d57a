#include "cg_plan_internal.h"

#include <stdlib.h>
#include <string.h>

/* Plans: names by id with a hash on local names, and the trie's edges grouped by source node. */

static uint64_t next_plan_serial = 1;

uint32_t cg_name_hash(const uint8_t *name, int32_t length) {
    uint64_t head = 0, tail = 0;
    if (length >= 8) {
        memcpy(&head, name, 8);
        memcpy(&tail, name + length - 8, 8);
    } else {
        memcpy(&head, name, (size_t)length);
    }
    uint64_t mixed = (head * 0x9E3779B97F4A7C15ull) ^ (tail * 0xC2B2AE3D27D4EB4Full) ^ (uint64_t)length;
    return (uint32_t)(mixed ^ (mixed >> 29) ^ (mixed >> 41));
}

static char *copy_string(const char *text) {
    size_t length = strlen(text);
    char *copy = malloc(length + 1);
    if (copy) memcpy(copy, text, length + 1);
    return copy;
}

cg_plan *cg_plan_new(int32_t name_count, const char *const *uris, const char *const *locals,
                     int32_t trie_node_count, const uint8_t *keeps_subtree,
                     int32_t edge_count, const int32_t *edge_from, const int32_t *edge_name, const int32_t *edge_to) {
    cg_plan *plan = calloc(1, sizeof(cg_plan));
    if (!plan) return NULL;
    plan->name_count = name_count;
    plan->serial = __atomic_fetch_add(&next_plan_serial, 1, __ATOMIC_RELAXED);
    plan->uris = calloc((size_t)name_count + 1, sizeof(char *));
    plan->locals = calloc((size_t)name_count + 1, sizeof(char *));
    plan->trie_node_count = trie_node_count;
    plan->keeps_subtree = calloc((size_t)trie_node_count + 1, 1);
    plan->edge_start = calloc((size_t)trie_node_count + 1, sizeof(int32_t));
    plan->edges = calloc((size_t)edge_count + 1, sizeof(cg_edge));
    if (!plan->uris || !plan->locals || !plan->keeps_subtree || !plan->edge_start || !plan->edges) {
        cg_plan_free(plan);
        return NULL;
    }
    for (int32_t i = 0; i < name_count; i++) {
        plan->uris[i] = copy_string(uris[i]);
        plan->locals[i] = copy_string(locals[i]);
        if (!plan->uris[i] || !plan->locals[i]) {
            cg_plan_free(plan);
            return NULL;
        }
    }
    memcpy(plan->keeps_subtree, keeps_subtree, (size_t)trie_node_count);
    uint32_t slot_count = 16;
    while (slot_count < (uint32_t)name_count * 4) slot_count *= 2;
    plan->slots = calloc(slot_count, sizeof(int32_t));
    if (!plan->slots) {
        cg_plan_free(plan);
        return NULL;
    }
    plan->slot_mask = slot_count - 1;
    /* Each name's namespace as an index into the plan's distinct URIs, so readers compare URIs once per binding. */
    plan->distinct_uris = calloc((size_t)name_count + 1, sizeof(char *));
    plan->uri_index = calloc((size_t)name_count + 1, sizeof(int32_t));
    if (!plan->distinct_uris || !plan->uri_index) {
        cg_plan_free(plan);
        return NULL;
    }
    for (int32_t i = 0; i < name_count; i++) {
        int32_t index = 0;
        while (index < plan->uri_count && strcmp(plan->distinct_uris[index], plan->uris[i]) != 0) index++;
        if (index == plan->uri_count) plan->distinct_uris[plan->uri_count++] = plan->uris[i];
        plan->uri_index[i] = index;
    }
    plan->no_namespace_index = cg_plan_uri_index(plan, (const uint8_t *)"", 0);
    plan->xml_namespace_index = cg_plan_uri_index(plan, (const uint8_t *)CG_XML_NAMESPACE, (int32_t)sizeof CG_XML_NAMESPACE - 1);
    for (int32_t i = 0; i < name_count; i++) {
        uint32_t slot = cg_name_hash((const uint8_t *)plan->locals[i], (int32_t)strlen(plan->locals[i])) & plan->slot_mask;
        while (plan->slots[slot]) slot = (slot + 1) & plan->slot_mask;
        plan->slots[slot] = i + 1;
    }
    /* Group edges by their source node (counting sort). */
    for (int32_t i = 0; i < edge_count; i++) plan->edge_start[edge_from[i] + 1]++;
    for (int32_t n = 0; n < trie_node_count; n++) plan->edge_start[n + 1] += plan->edge_start[n];
    int32_t *fill = calloc((size_t)trie_node_count + 1, sizeof(int32_t));
    if (!fill) {
        cg_plan_free(plan);
        return NULL;
    }
    for (int32_t i = 0; i < edge_count; i++) {
        int32_t at = plan->edge_start[edge_from[i]] + fill[edge_from[i]]++;
        plan->edges[at].name = edge_name[i];
        plan->edges[at].to = edge_to[i];
    }
    free(fill);
    return plan;
}

void cg_plan_free(cg_plan *plan) {
    if (!plan) return;
    for (int32_t i = 0; i < plan->name_count; i++) {
        if (plan->uris) free(plan->uris[i]);
        if (plan->locals) free(plan->locals[i]);
    }
    free(plan->uris);
    free(plan->locals);
    free(plan->keeps_subtree);
    free(plan->edge_start);
    free(plan->edges);
    free(plan->slots);
    free(plan->distinct_uris); /* its strings are the uris' */
    free(plan->uri_index);
    free(plan);
}

int32_t cg_plan_step(const cg_plan *plan, int32_t node, int32_t name) {
    if (node < 0 || name < 0) return -1;
    for (int32_t i = plan->edge_start[node]; i < plan->edge_start[node + 1]; i++) {
        if (plan->edges[i].name == name) return plan->edges[i].to;
    }
    return -1;
}

int32_t cg_plan_name(const cg_plan *plan, const xmlChar *uri, const xmlChar *local) {
    uint32_t slot = cg_name_hash(local, (int32_t)strlen((const char *)local)) & plan->slot_mask;
    for (; plan->slots[slot]; slot = (slot + 1) & plan->slot_mask) {
        int32_t i = plan->slots[slot] - 1;
        if (strcmp((const char *)local, plan->locals[i]) != 0) continue;
        if (strcmp(uri ? (const char *)uri : "", plan->uris[i]) == 0) return i;
    }
    return -1;
}

int32_t cg_plan_uri_index(const cg_plan *plan, const uint8_t *uri, int32_t uri_length) {
    for (int32_t index = 0; index < plan->uri_count; index++) {
        const char *known = plan->distinct_uris[index];
        if ((uri_length == 0 || strncmp(known, (const char *)uri, (size_t)uri_length) == 0) && known[uri_length] == 0) return index;
    }
    return -1;
}

int32_t cg_plan_name_in(const cg_plan *plan, int32_t uri_index, const uint8_t *local, int32_t local_length, uint32_t local_hash) {
    if (uri_index < 0) return -1;
    for (uint32_t slot = local_hash & plan->slot_mask; plan->slots[slot]; slot = (slot + 1) & plan->slot_mask) {
        int32_t i = plan->slots[slot] - 1;
        if (plan->uri_index[i] != uri_index) continue;
        const char *candidate = plan->locals[i];
        if (strncmp(candidate, (const char *)local, (size_t)local_length) == 0 && candidate[local_length] == 0) return i;
    }
    return -1;
}
