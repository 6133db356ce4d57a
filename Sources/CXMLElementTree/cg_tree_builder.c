#include "cg_tree_builder.h"

#include <stdlib.h>
#include <string.h>

static int grow(void **buffer, int32_t *capacity, int32_t needed, size_t item) {
    if (needed <= *capacity) return 1;
    int32_t next = *capacity ? *capacity : 64;
    while (next < needed) {
        if (next > INT32_MAX / 2) return 0;
        next *= 2;
    }
    void *moved = realloc(*buffer, (size_t)next * item);
    if (!moved) return 0;
    *buffer = moved;
    *capacity = next;
    return 1;
}

static int fail_memory(cg_builder *builder) {
    if (builder->tree->status == 0) builder->tree->status = 3;
    return 0;
}

static int append(cg_builder *builder, char **buffer, int32_t *length, int32_t *capacity, const char *bytes, int32_t count) {
    if (count <= 0) return 1;
    if (*length > INT32_MAX - count || !grow((void **)buffer, capacity, *length + count, 1)) return fail_memory(builder);
    memcpy(*buffer + *length, bytes, (size_t)count);
    *length += count;
    return 1;
}

void cg_builder_init(cg_builder *builder, cg_tree *tree, const cg_plan *plan) {
    memset(builder, 0, sizeof *builder);
    builder->tree = tree;
    builder->plan = plan;
}

int cg_builder_reserve(cg_builder *builder, int32_t text, int32_t values) {
    cg_tree *tree = builder->tree;
    if (!grow((void **)&tree->text, &builder->text_capacity, text, 1)) return fail_memory(builder);
    if (!grow((void **)&tree->values, &builder->values_capacity, values, 1)) return fail_memory(builder);
    return 1;
}

void cg_builder_dispose(cg_builder *builder) {
    free(builder->frames);
    free(builder->pending);
    builder->frames = NULL;
    builder->pending = NULL;
}

static int in_text_scope(const cg_frame *frame) {
    return frame->kind == CG_FRAME_WHOLE || (frame->kind == CG_FRAME_SKIPPED && frame->node >= 0);
}

/* A blank run is kept only where it is not formatting between elements (libxml2 without blank nodes). */
static void settle_pending(cg_builder *builder, int keep) {
    if (builder->pending_length == 0) return;
    if (keep) append(builder, &builder->tree->text, &builder->tree->text_length, &builder->text_capacity, builder->pending, builder->pending_length);
    builder->pending_length = 0;
}

static int32_t new_node(cg_builder *builder, int32_t name, cg_frame *parent) {
    cg_tree *tree = builder->tree;
    if (!grow((void **)&tree->nodes, &builder->node_capacity, tree->node_count + 1, sizeof(cg_node))) {
        fail_memory(builder);
        return -1;
    }
    int32_t index = tree->node_count++;
    cg_node *node = &tree->nodes[index];
    node->name = name;
    node->first_child = -1;
    node->next_sibling = -1;
    node->text_start = tree->text_length;
    node->text_end = tree->text_length;
    node->first_attribute = tree->attribute_count;
    node->attribute_count = 0;
    if (parent && parent->node >= 0) {
        if (parent->last_child >= 0) tree->nodes[parent->last_child].next_sibling = index;
        else tree->nodes[parent->node].first_child = index;
        parent->last_child = index;
    }
    return index;
}

int cg_builder_start(cg_builder *builder, int32_t name) {
    if (builder->tree->status != 0) return 0;
    if (!grow((void **)&builder->frames, &builder->frame_capacity, builder->depth + 1, sizeof(cg_frame))) return fail_memory(builder);
    cg_frame *parent = builder->depth > 0 ? &builder->frames[builder->depth - 1] : NULL;
    cg_frame frame = {CG_FRAME_SKIPPED, -1, -1, -1, -1, 0, 0};
    const cg_plan *plan = builder->plan;
    if (parent) {
        if (in_text_scope(parent)) settle_pending(builder, parent->has_text);
        parent->has_child = 1;
    }
    if (!parent) {
        int32_t absolute = cg_plan_step(plan, 0, name);
        frame.node = new_node(builder, name, NULL);
        if (absolute >= 0 && plan->keeps_subtree[absolute]) frame.kind = CG_FRAME_WHOLE;
        else {
            frame.kind = CG_FRAME_TRIE;
            frame.trie_a = 1;
            frame.trie_b = absolute;
        }
    } else if (parent->kind == CG_FRAME_TRIE) {
        int32_t reached = cg_plan_step(plan, parent->trie_a, name);
        if (reached < 0) reached = cg_plan_step(plan, parent->trie_b, name);
        if (reached >= 0) {
            frame.node = new_node(builder, name, parent);
            if (plan->keeps_subtree[reached]) frame.kind = CG_FRAME_WHOLE;
            else {
                frame.kind = CG_FRAME_TRIE;
                frame.trie_a = reached;
            }
        }
    } else if (parent->kind == CG_FRAME_WHOLE && name >= 0) {
        frame.kind = CG_FRAME_WHOLE;
        frame.node = new_node(builder, name, parent);
    } else if (in_text_scope(parent)) {
        /* An element no path names, inside a kept subtree: its text still counts for the kept element around it. */
        frame.node = parent->node;
    }
    if (builder->tree->status != 0) return 0;
    builder->frames[builder->depth++] = frame;
    return 1;
}

int cg_builder_attribute(cg_builder *builder, int32_t name) {
    cg_tree *tree = builder->tree;
    if (tree->status != 0 || builder->depth == 0) return 0;
    if (!grow((void **)&tree->attributes, &builder->attribute_capacity, tree->attribute_count + 1, sizeof(cg_attribute))) return fail_memory(builder);
    cg_attribute *attribute = &tree->attributes[tree->attribute_count++];
    attribute->name = name;
    attribute->value_start = tree->values_length;
    attribute->value_end = tree->values_length;
    tree->nodes[builder->frames[builder->depth - 1].node].attribute_count++;
    return 1;
}

int cg_builder_value(cg_builder *builder, const char *bytes, int32_t length) {
    cg_tree *tree = builder->tree;
    if (tree->attribute_count == 0) return 0;
    if (!append(builder, &tree->values, &tree->values_length, &builder->values_capacity, bytes, length)) return 0;
    tree->attributes[tree->attribute_count - 1].value_end = tree->values_length;
    return 1;
}

void cg_builder_end(cg_builder *builder) {
    if (builder->depth == 0) return;
    cg_frame *frame = &builder->frames[builder->depth - 1];
    if (in_text_scope(frame)) settle_pending(builder, !frame->has_child || frame->has_text);
    if (frame->kind != CG_FRAME_SKIPPED && frame->node >= 0) builder->tree->nodes[frame->node].text_end = builder->tree->text_length;
    builder->depth--;
}

static int is_blank(const char *text, int32_t length) {
    for (int32_t i = 0; i < length; i++) {
        if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r') return 0;
    }
    return 1;
}

int cg_builder_characters(cg_builder *builder, const char *bytes, int32_t length) {
    if (builder->depth == 0 || builder->tree->status != 0) return builder->tree->status == 0;
    cg_frame *frame = &builder->frames[builder->depth - 1];
    if (!in_text_scope(frame)) return 1;
    if (!frame->has_text && is_blank(bytes, length)) {
        return append(builder, &builder->pending, &builder->pending_length, &builder->pending_capacity, bytes, length);
    }
    settle_pending(builder, 1);
    frame->has_text = 1;
    return append(builder, &builder->tree->text, &builder->tree->text_length, &builder->text_capacity, bytes, length);
}
