#include "cg_plan_internal.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- Parse state ---- */

enum { FRAME_TRIE, FRAME_WHOLE, FRAME_SKIPPED };

typedef struct {
    int32_t kind;
    int32_t node;       /* kept node, or -1 */
    int32_t trie_a;     /* FRAME_TRIE: trie nodes reached */
    int32_t trie_b;
    int32_t last_child; /* last kept child, to link the next */
    uint8_t has_text;   /* non-blank text directly inside */
    uint8_t has_child;  /* any element child (kept or not) */
} cg_frame;

#define NAME_CACHE_SIZE 512

typedef struct {
    cg_tree *tree;
    const cg_plan *plan;
    xmlParserCtxtPtr parser;
    cg_frame *frames;
    int32_t depth, frame_capacity;
    int32_t node_capacity, attribute_capacity, text_capacity, values_capacity;
    char *pending;      /* a blank text run waiting to know whether libxml2 would keep it */
    int32_t pending_length, pending_capacity;
    struct cg_reader *reader;
} cg_state;

/* One parser per thread, reused: its dictionary interns names across documents, so the name cache stays warm.
   Both are dropped once the dictionary grows past a bound (documents full of distinct names). */
typedef struct cg_reader {
    xmlParserCtxtPtr parser;
    uint64_t cache_plan; /* serial of the plan the cached ids belong to */
    const xmlChar *cache_local[NAME_CACHE_SIZE];
    const xmlChar *cache_uri[NAME_CACHE_SIZE];
    int32_t cache_id[NAME_CACHE_SIZE];
    int32_t cache_used;
} cg_reader;

#define DICTIONARY_LIMIT 20000

static pthread_key_t reader_key;
static pthread_once_t reader_once = PTHREAD_ONCE_INIT;

static void free_reader(void *value) {
    cg_reader *reader = value;
    if (!reader) return;
    if (reader->parser) xmlFreeParserCtxt(reader->parser);
    free(reader);
}

static void make_reader_key(void) { pthread_key_create(&reader_key, free_reader); }

static void clear_cache(cg_reader *reader) {
    memset(reader->cache_local, 0, sizeof reader->cache_local);
    memset(reader->cache_uri, 0, sizeof reader->cache_uri);
    reader->cache_used = 0;
}

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

static void fail_memory(cg_state *state) {
    if (state->tree->status == 0) state->tree->status = 3;
    xmlStopParser(state->parser);
}

static int append(cg_state *state, char **buffer, int32_t *length, int32_t *capacity, const char *bytes, int32_t count) {
    if (count <= 0) return 1;
    if (*length > INT32_MAX - count || !grow((void **)buffer, capacity, *length + count, 1)) {
        fail_memory(state);
        return 0;
    }
    memcpy(*buffer + *length, bytes, (size_t)count);
    *length += count;
    return 1;
}

static int32_t name_id(cg_state *state, const xmlChar *local, const xmlChar *uri) {
    cg_reader *reader = state->reader;
    uintptr_t hash = (((uintptr_t)local >> 3) ^ ((uintptr_t)uri >> 5)) & (NAME_CACHE_SIZE - 1);
    while (reader->cache_local[hash]) {
        if (reader->cache_local[hash] == local && reader->cache_uri[hash] == uri) return reader->cache_id[hash];
        hash = (hash + 1) & (NAME_CACHE_SIZE - 1);
    }
    int32_t id = cg_plan_name(state->plan, uri, local);
    /* Only strings interned in the parser's dictionary keep their address as long as the parser lives. */
    xmlDictPtr dictionary = state->parser->dict;
    if (reader->cache_used < NAME_CACHE_SIZE / 2 && dictionary && xmlDictOwns(dictionary, local) == 1 &&
        (!uri || xmlDictOwns(dictionary, uri) == 1)) {
        reader->cache_local[hash] = local;
        reader->cache_uri[hash] = uri;
        reader->cache_id[hash] = id;
        reader->cache_used++;
    }
    return id;
}

static int in_text_scope(const cg_frame *frame) { return frame->kind == FRAME_WHOLE || (frame->kind == FRAME_SKIPPED && frame->node >= 0); }

/* libxml2 without blank nodes keeps a blank run only where it is not formatting between elements. */
static void settle_pending(cg_state *state, int keep) {
    if (state->pending_length == 0) return;
    if (keep) append(state, &state->tree->text, &state->tree->text_length, &state->text_capacity, state->pending, state->pending_length);
    state->pending_length = 0;
}

static int32_t new_node(cg_state *state, int32_t name, cg_frame *parent) {
    cg_tree *tree = state->tree;
    if (!grow((void **)&tree->nodes, &state->node_capacity, tree->node_count + 1, sizeof(cg_node))) {
        fail_memory(state);
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

static void read_attributes(cg_state *state, int32_t node, int count, const xmlChar **attributes) {
    cg_tree *tree = state->tree;
    for (int i = 0; i < count; i++) {
        const xmlChar **item = attributes + 5 * i; /* local name, prefix, URI, value start, value end */
        int32_t name = name_id(state, item[0], item[2]);
        if (name < 0) continue;
        if (!grow((void **)&tree->attributes, &state->attribute_capacity, tree->attribute_count + 1, sizeof(cg_attribute))) {
            fail_memory(state);
            return;
        }
        cg_attribute *attribute = &tree->attributes[tree->attribute_count++];
        attribute->name = name;
        attribute->value_start = tree->values_length;
        /* Without entity substitution libxml2 hands ampersands over as "&#38;". */
        const xmlChar *cursor = item[3];
        while (cursor < item[4]) {
            if (*cursor == '&' && item[4] - cursor >= 5 && memcmp(cursor, "&#38;", 5) == 0) {
                append(state, &tree->values, &tree->values_length, &state->values_capacity, "&", 1);
                cursor += 5;
            } else {
                append(state, &tree->values, &tree->values_length, &state->values_capacity, (const char *)cursor, 1);
                cursor++;
            }
        }
        attribute->value_end = tree->values_length;
        tree->nodes[node].attribute_count++;
    }
}

static void on_start(void *context, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int namespace_count,
                     const xmlChar **namespaces, int attribute_count, int defaulted, const xmlChar **attributes) {
    (void)prefix, (void)namespace_count, (void)namespaces, (void)defaulted;
    cg_state *state = context;
    if (state->tree->status != 0) return;
    if (!grow((void **)&state->frames, &state->frame_capacity, state->depth + 1, sizeof(cg_frame))) {
        fail_memory(state);
        return;
    }
    cg_frame *parent = state->depth > 0 ? &state->frames[state->depth - 1] : NULL;
    cg_frame frame = {FRAME_SKIPPED, -1, -1, -1, -1, 0, 0};
    int32_t name = name_id(state, local, uri);
    if (parent) {
        if (in_text_scope(parent)) settle_pending(state, parent->has_text);
        parent->has_child = 1;
    }
    if (!parent) {
        int32_t absolute = cg_plan_step(state->plan, 0, name);
        frame.node = new_node(state, name, NULL);
        if (absolute >= 0 && state->plan->keeps_subtree[absolute]) frame.kind = FRAME_WHOLE;
        else {
            frame.kind = FRAME_TRIE;
            frame.trie_a = 1;
            frame.trie_b = absolute;
        }
    } else if (parent->kind == FRAME_TRIE) {
        int32_t reached = cg_plan_step(state->plan, parent->trie_a, name);
        if (reached < 0) reached = cg_plan_step(state->plan, parent->trie_b, name);
        if (reached >= 0) {
            frame.node = new_node(state, name, parent);
            if (state->plan->keeps_subtree[reached]) frame.kind = FRAME_WHOLE;
            else {
                frame.kind = FRAME_TRIE;
                frame.trie_a = reached;
            }
        }
    } else if (parent->kind == FRAME_WHOLE && name >= 0) {
        frame.kind = FRAME_WHOLE;
        frame.node = new_node(state, name, parent);
    } else if (in_text_scope(parent)) {
        /* An element no path names, inside a kept subtree: its text still counts for the kept element around it. */
        frame.node = parent->node;
    }
    if (state->tree->status != 0) return;
    if ((frame.kind == FRAME_TRIE || frame.kind == FRAME_WHOLE) && attribute_count > 0) {
        read_attributes(state, frame.node, attribute_count, attributes);
    }
    state->frames[state->depth++] = frame;
}

static void on_end(void *context, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri) {
    (void)local, (void)prefix, (void)uri;
    cg_state *state = context;
    if (state->depth == 0) return;
    cg_frame *frame = &state->frames[state->depth - 1];
    if (in_text_scope(frame)) settle_pending(state, !frame->has_child || frame->has_text);
    if (frame->kind != FRAME_SKIPPED && frame->node >= 0) state->tree->nodes[frame->node].text_end = state->tree->text_length;
    state->depth--;
}

static int is_blank(const xmlChar *text, int length) {
    for (int i = 0; i < length; i++) {
        if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r') return 0;
    }
    return 1;
}

static void on_characters(void *context, const xmlChar *text, int length) {
    cg_state *state = context;
    if (state->depth == 0 || state->tree->status != 0) return;
    cg_frame *frame = &state->frames[state->depth - 1];
    if (!in_text_scope(frame)) return;
    if (is_blank(text, length) && !frame->has_text) {
        append(state, &state->pending, &state->pending_length, &state->pending_capacity, (const char *)text, length);
        return;
    }
    settle_pending(state, 1);
    frame->has_text = 1;
    append(state, &state->tree->text, &state->tree->text_length, &state->text_capacity, (const char *)text, length);
}

/* A DOCTYPE naming an external DTD is accepted and never loaded; any declaration (an internal subset) is refused. */
static void refuse_declarations(void *context) {
    cg_state *state = context;
    state->tree->status = 2;
    xmlStopParser(state->parser);
}

static void on_entity_declaration(void *context, const xmlChar *name, int type, const xmlChar *public_id,
                                  const xmlChar *system_id, xmlChar *content) {
    (void)name, (void)type, (void)public_id, (void)system_id, (void)content;
    refuse_declarations(context);
}

static void on_element_declaration(void *context, const xmlChar *name, int type, xmlElementContentPtr content) {
    (void)name, (void)type, (void)content;
    refuse_declarations(context);
}

static void on_attribute_declaration(void *context, const xmlChar *element, const xmlChar *name, int type, int def,
                                     const xmlChar *default_value, xmlEnumerationPtr tree) {
    (void)element, (void)name, (void)type, (void)def, (void)default_value;
    xmlFreeEnumeration(tree);
    refuse_declarations(context);
}

static void on_notation_declaration(void *context, const xmlChar *name, const xmlChar *public_id, const xmlChar *system_id) {
    (void)name, (void)public_id, (void)system_id;
    refuse_declarations(context);
}

static void on_unparsed_entity_declaration(void *context, const xmlChar *name, const xmlChar *public_id,
                                           const xmlChar *system_id, const xmlChar *notation) {
    (void)name, (void)public_id, (void)system_id, (void)notation;
    refuse_declarations(context);
}

/* An entity reference could only be resolved by loading a DTD: the parse stops with its name and line. */
static void on_reference(void *context, const xmlChar *name) {
    cg_state *state = context;
    if (state->tree->status != 0) return;
    state->tree->status = 4;
    state->tree->error_line = xmlSAX2GetLineNumber(state->parser);
    strncpy(state->tree->error_message, (const char *)name, sizeof state->tree->error_message - 1);
    xmlStopParser(state->parser);
}

static void on_error(void *context, xmlErrorPtr error) { (void)context, (void)error; }

static xmlSAXHandler *new_handler(void) {
    xmlSAXHandler *handler = calloc(1, sizeof(xmlSAXHandler));
    if (!handler) return NULL;
    handler->initialized = XML_SAX2_MAGIC;
    handler->startElementNs = on_start;
    handler->endElementNs = on_end;
    handler->characters = on_characters;
    handler->ignorableWhitespace = on_characters;
    handler->entityDecl = on_entity_declaration;
    handler->elementDecl = on_element_declaration;
    handler->attributeDecl = on_attribute_declaration;
    handler->notationDecl = on_notation_declaration;
    handler->unparsedEntityDecl = on_unparsed_entity_declaration;
    handler->reference = on_reference;
    handler->serror = on_error;
    return handler;
}

/* This thread's reader, its parser made on first use (with the SAX handler above in place of libxml2's). */
static cg_reader *thread_reader(const cg_plan *plan) {
    pthread_once(&reader_once, make_reader_key);
    cg_reader *reader = pthread_getspecific(reader_key);
    if (!reader) {
        reader = calloc(1, sizeof(cg_reader));
        if (!reader || pthread_setspecific(reader_key, reader) != 0) {
            free(reader);
            return NULL;
        }
    }
    if (!reader->parser) {
        xmlParserCtxtPtr parser = xmlNewParserCtxt();
        xmlSAXHandler *handler = new_handler();
        if (!parser || !handler) {
            if (parser) xmlFreeParserCtxt(parser);
            free(handler);
            return NULL;
        }
        xmlFree(parser->sax);
        parser->sax = handler; /* freed with the parser */
        reader->parser = parser;
        clear_cache(reader);
    }
    if (reader->cache_plan != plan->serial) {
        clear_cache(reader);
        reader->cache_plan = plan->serial;
    }
    return reader;
}

cg_tree *cg_tree_parse(const cg_plan *plan, const char *bytes, int32_t length) {
    cg_tree *tree = calloc(1, sizeof(cg_tree));
    if (!tree) return NULL;
    cg_state *state = calloc(1, sizeof(cg_state));
    cg_reader *reader = state ? thread_reader(plan) : NULL;
    xmlParserInputBufferPtr buffer = reader ? xmlParserInputBufferCreateMem(bytes, length, XML_CHAR_ENCODING_NONE) : NULL;
    if (!buffer) {
        free(state);
        tree->status = 3;
        return tree;
    }
    xmlParserCtxtPtr parser = reader->parser;
    xmlCtxtReset(parser);
    xmlParserInputPtr input = xmlNewIOInputStream(parser, buffer, XML_CHAR_ENCODING_NONE);
    if (!input) {
        xmlFreeParserInputBuffer(buffer);
        free(state);
        tree->status = 3;
        return tree;
    }
    inputPush(parser, input);
    xmlCtxtUseOptions(parser, XML_PARSE_NONET | XML_PARSE_NOCDATA);
    parser->userData = state;
    state->tree = tree;
    state->plan = plan;
    state->parser = parser;
    state->reader = reader;
    xmlParseDocument(parser);
    if (tree->status == 0 && !parser->wellFormed) {
        tree->status = 1;
        tree->error_line = parser->lastError.line;
        const char *message = parser->lastError.message ? parser->lastError.message : "not well-formed XML";
        strncpy(tree->error_message, message, sizeof tree->error_message - 1);
    }
    xmlCtxtReset(parser); /* drops the input (and its pointer to the caller's bytes) now */
    parser->userData = parser;
    if (xmlDictSize(parser->dict) > DICTIONARY_LIMIT) {
        xmlFreeParserCtxt(parser);
        reader->parser = NULL;
        clear_cache(reader);
    }
    free(state->frames);
    free(state->pending);
    free(state);
    return tree;
}

void cg_tree_free(cg_tree *tree) {
    if (!tree) return;
    free(tree->nodes);
    free(tree->attributes);
    free(tree->text);
    free(tree->values);
    free(tree);
}
