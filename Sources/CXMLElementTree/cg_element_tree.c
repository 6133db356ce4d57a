#include "cg_fast_reader.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- libxml2's SAX pass, the reader for every document the fast reader leaves to it ---- */

#define NAME_CACHE_SIZE 512

typedef struct {
    cg_builder builder;
    xmlParserCtxtPtr parser;
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

/* Stops the parse once the builder has failed (out of memory). */
static void check_builder(cg_state *state) {
    if (state->builder.tree->status != 0) xmlStopParser(state->parser);
}

static int32_t name_id(cg_state *state, const xmlChar *local, const xmlChar *uri) {
    cg_reader *reader = state->reader;
    uintptr_t hash = (((uintptr_t)local >> 3) ^ ((uintptr_t)uri >> 5)) & (NAME_CACHE_SIZE - 1);
    while (reader->cache_local[hash]) {
        if (reader->cache_local[hash] == local && reader->cache_uri[hash] == uri) return reader->cache_id[hash];
        hash = (hash + 1) & (NAME_CACHE_SIZE - 1);
    }
    int32_t id = cg_plan_name(state->builder.plan, uri, local);
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

static void read_attributes(cg_state *state, int count, const xmlChar **attributes) {
    cg_builder *builder = &state->builder;
    for (int i = 0; i < count; i++) {
        const xmlChar **item = attributes + 5 * i; /* local name, prefix, URI, value start, value end */
        int32_t name = name_id(state, item[0], item[2]);
        if (name < 0) continue;
        if (!cg_builder_attribute(builder, name)) return;
        /* Without entity substitution libxml2 hands ampersands over as "&#38;". */
        const xmlChar *cursor = item[3];
        const xmlChar *run = cursor;
        while (cursor < item[4]) {
            if (*cursor == '&' && item[4] - cursor >= 5 && memcmp(cursor, "&#38;", 5) == 0) {
                if (!cg_builder_value(builder, (const char *)run, (int32_t)(cursor - run))) return;
                if (!cg_builder_value(builder, "&", 1)) return;
                cursor += 5;
                run = cursor;
            } else {
                cursor++;
            }
        }
        if (!cg_builder_value(builder, (const char *)run, (int32_t)(cursor - run))) return;
    }
}

static void on_start(void *context, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int namespace_count,
                     const xmlChar **namespaces, int attribute_count, int defaulted, const xmlChar **attributes) {
    (void)prefix, (void)namespace_count, (void)namespaces, (void)defaulted;
    cg_state *state = context;
    if (!cg_builder_start(&state->builder, name_id(state, local, uri))) {
        check_builder(state);
        return;
    }
    if (attribute_count > 0 && cg_builder_keeps_attributes(&state->builder)) read_attributes(state, attribute_count, attributes);
    check_builder(state);
}

static void on_end(void *context, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri) {
    (void)local, (void)prefix, (void)uri;
    cg_state *state = context;
    cg_builder_end(&state->builder);
    check_builder(state);
}

static void on_characters(void *context, const xmlChar *text, int length) {
    cg_state *state = context;
    cg_builder_characters(&state->builder, (const char *)text, length);
    check_builder(state);
}

/* A DOCTYPE naming an external DTD is accepted and never loaded; any declaration (an internal subset) is refused. */
static void refuse_declarations(void *context) {
    cg_state *state = context;
    state->builder.tree->status = 2;
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
    cg_tree *tree = state->builder.tree;
    if (tree->status != 0) return;
    tree->status = 4;
    tree->error_line = xmlSAX2GetLineNumber(state->parser);
    strncpy(tree->error_message, (const char *)name, sizeof tree->error_message - 1);
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

static void parse_with_libxml2(const cg_plan *plan, const char *bytes, int32_t length, cg_tree *tree) {
    cg_state *state = calloc(1, sizeof(cg_state));
    cg_reader *reader = state ? thread_reader(plan) : NULL;
    xmlParserInputBufferPtr buffer = reader ? xmlParserInputBufferCreateMem(bytes, length, XML_CHAR_ENCODING_NONE) : NULL;
    if (!buffer) {
        free(state);
        tree->status = 3;
        return;
    }
    xmlParserCtxtPtr parser = reader->parser;
    xmlCtxtReset(parser);
    xmlParserInputPtr input = xmlNewIOInputStream(parser, buffer, XML_CHAR_ENCODING_NONE);
    if (!input) {
        xmlFreeParserInputBuffer(buffer);
        free(state);
        tree->status = 3;
        return;
    }
    inputPush(parser, input);
    xmlCtxtUseOptions(parser, XML_PARSE_NONET | XML_PARSE_NOCDATA);
    parser->userData = state;
    cg_builder_init(&state->builder, tree, plan);
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
    cg_builder_dispose(&state->builder);
    free(state);
}

/* Empties a tree a reader gave up on, so the next reader starts clean. */
static void reset_tree(cg_tree *tree) {
    free(tree->nodes);
    free(tree->attributes);
    free(tree->text);
    free(tree->values);
    memset(tree, 0, sizeof *tree);
}

cg_tree *cg_tree_parse_using(const cg_plan *plan, const char *bytes, int32_t length, int32_t readers) {
    cg_tree *tree = calloc(1, sizeof(cg_tree));
    if (!tree) return NULL;
    if (readers != CG_READ_LIBXML2) {
        if (cg_fast_read(plan, bytes, length, tree)) return tree;
        reset_tree(tree);
        if (readers == CG_READ_FAST) {
            tree->status = 5;
            return tree;
        }
    }
    parse_with_libxml2(plan, bytes, length, tree);
    return tree;
}

cg_tree *cg_tree_parse(const cg_plan *plan, const char *bytes, int32_t length) {
    return cg_tree_parse_using(plan, bytes, length, CG_READ_ANY);
}

void cg_tree_free(cg_tree *tree) {
    if (!tree) return;
    free(tree->nodes);
    free(tree->attributes);
    free(tree->text);
    free(tree->values);
    free(tree);
}
