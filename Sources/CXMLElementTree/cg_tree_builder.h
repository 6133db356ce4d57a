#ifndef CG_TREE_BUILDER_H
#define CG_TREE_BUILDER_H

#include "cg_plan_internal.h"

/* Builds a cg_tree from a stream of element starts, ends and text runs, whichever reader produces them
   (libxml2's SAX in cg_element_tree.c, the fast reader in cg_fast_reader.c). */

enum { CG_FRAME_TRIE, CG_FRAME_WHOLE, CG_FRAME_SKIPPED };

typedef struct {
    int32_t kind;
    int32_t node;       /* kept node, or -1 */
    int32_t trie_a;     /* CG_FRAME_TRIE: trie nodes reached */
    int32_t trie_b;
    int32_t last_child; /* last kept child, to link the next */
    uint8_t has_text;   /* non-blank text directly inside */
    uint8_t has_child;  /* any element child (kept or not) */
} cg_frame;

typedef struct {
    cg_tree *tree;
    const cg_plan *plan;
    cg_frame *frames;
    int32_t depth, frame_capacity;
    int32_t node_capacity, attribute_capacity, text_capacity, values_capacity;
    char *pending;      /* a blank text run waiting to know whether it is formatting between elements */
    int32_t pending_length, pending_capacity;
} cg_builder;

void cg_builder_init(cg_builder *builder, cg_tree *tree, const cg_plan *plan);
/* Sizes the tree's text and attribute value buffers ahead; 0 when out of memory. */
int cg_builder_reserve(cg_builder *builder, int32_t text, int32_t values);
/* Frees the builder's own buffers (not the tree). */
void cg_builder_dispose(cg_builder *builder);

/* Opens an element named `name` (an id of the plan, -1 when no path names it); 0 when out of memory. */
int cg_builder_start(cg_builder *builder, int32_t name);
/* Whether the element just opened keeps its attributes. */
static inline int cg_builder_keeps_attributes(const cg_builder *builder) {
    if (builder->depth == 0) return 0;
    int32_t kind = builder->frames[builder->depth - 1].kind;
    return kind == CG_FRAME_TRIE || kind == CG_FRAME_WHOLE;
}
/* Opens an attribute of the element just opened; its value follows in cg_builder_value pieces. 0 when out of memory. */
int cg_builder_attribute(cg_builder *builder, int32_t name);
int cg_builder_value(cg_builder *builder, const char *bytes, int32_t length);
void cg_builder_end(cg_builder *builder);
/* Whether nothing below the element open is kept: no path reaches it and no kept element's text runs through it. */
static inline int cg_builder_ignores_children(const cg_builder *builder) {
    if (builder->depth == 0) return 0;
    const cg_frame *frame = &builder->frames[builder->depth - 1];
    return frame->kind == CG_FRAME_SKIPPED && frame->node < 0;
}
/* Whether text here belongs to a kept element (text elsewhere need not be delivered). */
static inline int cg_builder_wants_text(const cg_builder *builder) {
    if (builder->depth == 0) return 0;
    const cg_frame *frame = &builder->frames[builder->depth - 1];
    return frame->kind == CG_FRAME_WHOLE || (frame->kind == CG_FRAME_SKIPPED && frame->node >= 0);
}
int cg_builder_characters(cg_builder *builder, const char *bytes, int32_t length);

#endif
