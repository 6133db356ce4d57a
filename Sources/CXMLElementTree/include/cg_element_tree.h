#ifndef CG_ELEMENT_TREE_H
#define CG_ELEMENT_TREE_H

#include <stdint.h>

/* A compact tree of the elements a mapping can reach, built in one pass (see ElementTree.swift): by a reader of our
   own for plain UTF-8 documents it can prove well-formed, by libxml2's SAX for every other document. */

/* What a mapping can reach: names by id and a trie of name steps (node 0: the document, node 1: paths relative
   to the root element). */
typedef struct cg_plan cg_plan;

cg_plan *cg_plan_new(int32_t name_count, const char *const *uris, const char *const *locals,
                     int32_t trie_node_count, const uint8_t *keeps_subtree,
                     int32_t edge_count, const int32_t *edge_from, const int32_t *edge_name, const int32_t *edge_to);
void cg_plan_free(cg_plan *plan);

typedef struct {
    int32_t name;          /* name id, -1 when no path names it */
    int32_t first_child;   /* kept children, -1 when none */
    int32_t next_sibling;
    int32_t text_start;    /* string value: text[text_start, text_end) */
    int32_t text_end;
    int32_t first_attribute;
    int32_t attribute_count;
} cg_node;

typedef struct {
    int32_t name;
    int32_t value_start;   /* values[value_start, value_end) */
    int32_t value_end;
} cg_attribute;

typedef struct {
    cg_node *nodes;
    int32_t node_count;
    cg_attribute *attributes;
    int32_t attribute_count;
    char *text;
    int32_t text_length;
    char *values;
    int32_t values_length;
    /* Outcome: 0 parsed; 1 not well-formed (line, message); 2 DTD declarations refused; 3 out of memory;
       4 an entity reference (line, and its name in error_message); 5 left to libxml2 (CG_READ_FAST only). */
    int32_t status;
    int32_t error_line;
    char error_message[256];
} cg_tree;

/* Parses `length` bytes into a tree (network off; an external DTD is never loaded, declarations and entity
   references stop the parse). Free with cg_tree_free. */
cg_tree *cg_tree_parse(const cg_plan *plan, const char *bytes, int32_t length);

/* Which readers cg_tree_parse_using may use: the fast one with libxml2 behind it, libxml2 alone, the fast one alone. */
enum { CG_READ_ANY = 0, CG_READ_LIBXML2 = 1, CG_READ_FAST = 2 };

/* cg_tree_parse with a choice of readers, so tests can hold the two readers' trees side by side. */
cg_tree *cg_tree_parse_using(const cg_plan *plan, const char *bytes, int32_t length, int32_t readers);
void cg_tree_free(cg_tree *tree);

#endif
