#include "cg_fast_reader.h"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* A reader for the documents integrations send nearly always: UTF-8, ASCII names, no DTD. It accepts only what it
   can prove well-formed (XML 1.0 with namespaces) and hands everything else back to libxml2, so it never accepts a
   document libxml2 would refuse and never has to phrase an error. */

#define MAX_DEPTH 200          /* libxml2 refuses depth beyond 256 without XML_PARSE_HUGE */
#define MAX_ATTRIBUTES 64
#define MAX_BINDINGS 256
#define MAX_LENGTH 8000000     /* below libxml2's 10 MB limit on one text node */

static const uint8_t XML_NAMESPACE[] = CG_XML_NAMESPACE;
static const uint8_t XMLNS_NAMESPACE[] = "http://www.w3.org/2000/xmlns/";

typedef struct {
    const uint8_t *prefix;
    int32_t prefix_length;
    const uint8_t *uri;
    int32_t uri_length;
    int32_t uri_index;    /* the URI's index in the plan (cg_plan_uri_index), -1 when the plan has none of its names */
} binding;

typedef struct {
    const uint8_t *name;
    int32_t name_length;
    int32_t binding_count; /* bindings in force before this element's own */
    uint8_t built;         /* handed to the builder (elements below one no path reaches are not) */
} open_element;

typedef struct {
    const uint8_t *name;
    int32_t name_length;
    int32_t colon;         /* offset of the prefix's colon, or -1 */
    const uint8_t *value;
    int32_t value_length;
    uint8_t plain;         /* the value needs no reference decoding and no whitespace normalisation */
    uint8_t declaration;   /* xmlns or xmlns:prefix */
} attribute;

/* Names already resolved to plan ids, by plan, namespace and local name: kept from document to document. */
#define NAME_CACHE_SIZE 512
#define CACHED_NAME_LENGTH 40

typedef struct {
    uint64_t plan_serial; /* 0: empty */
    int32_t uri_index;
    int32_t id;
    uint32_t hash;
    int32_t length;
    uint8_t local[CACHED_NAME_LENGTH];
} cached_name;

typedef struct {
    const uint8_t *at;
    const uint8_t *end;
    cached_name cache[NAME_CACHE_SIZE];
    cg_builder builder;
    binding bindings[MAX_BINDINGS];
    int32_t binding_count;
    open_element elements[MAX_DEPTH];
    int32_t depth;
    attribute attributes[MAX_ATTRIBUTES];
} reader;

/* ---- Characters ---- */

enum { PLAIN = 0, LESS = 1, AMPERSAND = 2, RETURN = 3, BRACKET = 4, HIGH = 5, BAD = 6, QUOTE = 7, WHITESPACE = 8 };

/* Text classes: what stops a run of character data. */
static uint8_t text_class[256];
/* Attribute value classes: what stops a run inside a quoted value. */
static uint8_t value_class[256];
/* 1: may start a name (no colon), 2: may continue one, 3: the colon (one, inside a name). */
static uint8_t name_class[256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void make_tables(void) {
    for (int c = 0; c < 256; c++) {
        uint8_t common = PLAIN;
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') common = BAD;
        else if (c >= 0x80) common = HIGH;
        uint8_t text = common;
        if (c == '<') text = LESS;
        else if (c == '&') text = AMPERSAND;
        else if (c == '\r') text = RETURN;
        else if (c == ']') text = BRACKET;
        text_class[c] = text;
        uint8_t value = common;
        if (c == '<') value = LESS;
        else if (c == '&') value = AMPERSAND;
        else if (c == '"' || c == '\'') value = QUOTE;
        else if (c == '\t' || c == '\n' || c == '\r') value = WHITESPACE;
        value_class[c] = value;
        uint8_t name = 0;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_') name = 1;
        else if ((c >= '0' && c <= '9') || c == '.' || c == '-') name = 2;
        else if (c == ':') name = 3;
        name_class[c] = name;
    }
}

/* Length of the valid UTF-8 sequence of an XML character at `at`, or 0. */
static int utf8_character(const uint8_t *at, const uint8_t *end) {
    uint8_t lead = at[0];
    ptrdiff_t left = end - at;
    if (lead >= 0xC2 && lead <= 0xDF) return left >= 2 && (at[1] & 0xC0) == 0x80 ? 2 : 0;
    if (lead >= 0xE0 && lead <= 0xEF) {
        if (left < 3 || (at[1] & 0xC0) != 0x80 || (at[2] & 0xC0) != 0x80) return 0;
        if (lead == 0xE0 && at[1] < 0xA0) return 0;               /* overlong */
        if (lead == 0xED && at[1] >= 0xA0) return 0;              /* surrogates */
        if (lead == 0xEF && at[1] == 0xBF && at[2] >= 0xBE) return 0; /* U+FFFE, U+FFFF */
        return 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        if (left < 4 || (at[1] & 0xC0) != 0x80 || (at[2] & 0xC0) != 0x80 || (at[3] & 0xC0) != 0x80) return 0;
        if (lead == 0xF0 && at[1] < 0x90) return 0;
        if (lead == 0xF4 && at[1] >= 0x90) return 0;
        return 4;
    }
    return 0;
}

static int is_space(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static int skip_space(reader *r) {
    const uint8_t *start = r->at;
    while (r->at < r->end && is_space(*r->at)) r->at++;
    return r->at > start;
}

static int starts_with(const reader *r, const char *literal, int32_t length) {
    return r->end - r->at >= length && memcmp(r->at, literal, (size_t)length) == 0;
}

/* The first byte at or after `p` that is not a name character ([A-Za-z0-9._:-]), sixteen at a time where SSE2 is;
   counts the colons on the way and points `colon` at the first. */
static const uint8_t *scan_name(const uint8_t *p, const uint8_t *end, const uint8_t **colon, int *colons) {
#if defined(__SSE2__)
    const __m128i lower_a = _mm_set1_epi8('a'), digit_0 = _mm_set1_epi8('0'), case_bit = _mm_set1_epi8(0x20);
    const __m128i letters = _mm_set1_epi8(25), digits = _mm_set1_epi8(9);
    const __m128i dot = _mm_set1_epi8('.'), dash = _mm_set1_epi8('-'), underscore = _mm_set1_epi8('_'), colon_byte = _mm_set1_epi8(':');
    while (end - p >= 16) {
        __m128i bytes = _mm_loadu_si128((const __m128i *)p);
        __m128i letter = _mm_sub_epi8(_mm_or_si128(bytes, case_bit), lower_a);
        __m128i digit = _mm_sub_epi8(bytes, digit_0);
        __m128i is_colon = _mm_cmpeq_epi8(bytes, colon_byte);
        __m128i is_name = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(letter, letters), letter), _mm_cmpeq_epi8(_mm_min_epu8(digit, digits), digit));
        is_name = _mm_or_si128(is_name, _mm_or_si128(_mm_cmpeq_epi8(bytes, dot), _mm_or_si128(_mm_cmpeq_epi8(bytes, dash), _mm_cmpeq_epi8(bytes, underscore))));
        unsigned stops = (unsigned)~_mm_movemask_epi8(_mm_or_si128(is_name, is_colon)) & 0xFFFFu;
        unsigned colon_bits = (unsigned)_mm_movemask_epi8(is_colon);
        if (stops) colon_bits &= (stops & (0u - stops)) - 1; /* only colons before the end of the name */
        if (colon_bits) {
            if (!*colon) *colon = p + __builtin_ctz(colon_bits);
            *colons += __builtin_popcount(colon_bits);
        }
        if (stops) return p + __builtin_ctz(stops);
        p += 16;
    }
#endif
    for (; p < end && name_class[*p]; p++) {
        if (*p != ':') continue;
        if (!*colon) *colon = p;
        (*colons)++;
    }
    return p;
}

/* The first byte at or after `p` that ends a run of plain attribute value: a quote, '<', '&', white space other
   than the space, a control character or any byte of a multi-byte character; sixteen at a time where SSE2 is. */
static const uint8_t *skip_plain_value(const uint8_t *p, const uint8_t *end) {
#if defined(__SSE2__)
    const __m128i less = _mm_set1_epi8('<'), ampersand = _mm_set1_epi8('&'), space = _mm_set1_epi8(0x20);
    const __m128i double_quote = _mm_set1_epi8('"'), single_quote = _mm_set1_epi8('\'');
    while (end - p >= 16) {
        __m128i bytes = _mm_loadu_si128((const __m128i *)p);
        __m128i stop = _mm_or_si128(_mm_cmplt_epi8(bytes, space), _mm_or_si128(_mm_cmpeq_epi8(bytes, less), _mm_cmpeq_epi8(bytes, ampersand)));
        stop = _mm_or_si128(stop, _mm_or_si128(_mm_cmpeq_epi8(bytes, double_quote), _mm_cmpeq_epi8(bytes, single_quote)));
        unsigned stops = (unsigned)_mm_movemask_epi8(stop);
        if (stops) return p + __builtin_ctz(stops);
        p += 16;
    }
#endif
    while (p < end && value_class[*p] == PLAIN) p++;
    return p;
}

/* The first byte at or after `p` that may end a run of plain text: '<', '&', ']', a carriage return, a control
   character or any byte of a multi-byte character; sixteen at a time where SSE2 is. */
static const uint8_t *skip_plain_text(const uint8_t *p, const uint8_t *end) {
#if defined(__SSE2__)
    const __m128i less = _mm_set1_epi8('<'), ampersand = _mm_set1_epi8('&'), bracket = _mm_set1_epi8(']');
    const __m128i space = _mm_set1_epi8(0x20), tab = _mm_set1_epi8('\t'), newline = _mm_set1_epi8('\n');
    while (end - p >= 16) {
        __m128i bytes = _mm_loadu_si128((const __m128i *)p);
        /* Signed: bytes from 0x80 up are negative, so one comparison finds them and the controls. */
        __m128i stop = _mm_andnot_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, tab), _mm_cmpeq_epi8(bytes, newline)), _mm_cmplt_epi8(bytes, space));
        stop = _mm_or_si128(stop, _mm_or_si128(_mm_cmpeq_epi8(bytes, less), _mm_or_si128(_mm_cmpeq_epi8(bytes, ampersand), _mm_cmpeq_epi8(bytes, bracket))));
        unsigned stops = (unsigned)_mm_movemask_epi8(stop);
        if (stops) return p + __builtin_ctz(stops);
        p += 16;
    }
#endif
    while (p < end && text_class[*p] == PLAIN) p++;
    return p;
}

/* Reads a name (ASCII, at most one colon, not at either end); 0 when there is none this reader accepts. */
static int read_name(reader *r, const uint8_t **name, int32_t *length, int32_t *colon) {
    const uint8_t *start = r->at, *end = r->end;
    if (start >= end || name_class[*start] != 1) return 0;
    const uint8_t *first_colon = NULL;
    int colons = 0;
    const uint8_t *p = scan_name(start + 1, end, &first_colon, &colons);
    int32_t found = -1;
    if (colons) {
        /* One colon, followed by a character that may start a name. */
        if (colons > 1 || first_colon + 1 >= p || name_class[first_colon[1]] != 1) return 0;
        found = (int32_t)(first_colon - start);
    }
    if (p < end && *p >= 0x80) return 0; /* a non-ASCII name character: libxml2 decides */
    if (p - start > 1000) return 0;
    r->at = p;
    *name = start;
    *length = (int32_t)(p - start);
    *colon = found;
    return 1;
}

/* Decodes the reference at `at` ('&'): the predefined entities and character references of XML characters.
   Writes its UTF-8 to `out` and returns its length, 0 when this reader does not accept it. */
static int read_reference(const uint8_t *at, const uint8_t *end, uint8_t out[4], const uint8_t **after) {
    const uint8_t *p = at + 1;
    if (p < end && *p == '#') {
        p++;
        uint32_t value = 0;
        int digits = 0;
        if (p < end && *p == 'x') {
            for (p++; p < end && *p != ';'; p++, digits++) {
                uint8_t c = *p;
                uint32_t digit;
                if (c >= '0' && c <= '9') digit = c - '0';
                else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
                else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
                else return 0;
                if (digits >= 6) return 0;
                value = value * 16 + digit;
            }
        } else {
            for (; p < end && *p != ';'; p++, digits++) {
                if (*p < '0' || *p > '9' || digits >= 7) return 0;
                value = value * 10 + (uint32_t)(*p - '0');
            }
        }
        if (p >= end || digits == 0) return 0;
        *after = p + 1;
        if (value < 0x20 && value != 0x9 && value != 0xA && value != 0xD) return 0;
        if ((value >= 0xD800 && value <= 0xDFFF) || value == 0xFFFE || value == 0xFFFF || value > 0x10FFFF) return 0;
        if (value < 0x80) {
            out[0] = (uint8_t)value;
            return 1;
        }
        if (value < 0x800) {
            out[0] = (uint8_t)(0xC0 | (value >> 6));
            out[1] = (uint8_t)(0x80 | (value & 0x3F));
            return 2;
        }
        if (value < 0x10000) {
            out[0] = (uint8_t)(0xE0 | (value >> 12));
            out[1] = (uint8_t)(0x80 | ((value >> 6) & 0x3F));
            out[2] = (uint8_t)(0x80 | (value & 0x3F));
            return 3;
        }
        out[0] = (uint8_t)(0xF0 | (value >> 18));
        out[1] = (uint8_t)(0x80 | ((value >> 12) & 0x3F));
        out[2] = (uint8_t)(0x80 | ((value >> 6) & 0x3F));
        out[3] = (uint8_t)(0x80 | (value & 0x3F));
        return 4;
    }
    static const struct { const char *name; int32_t length; uint8_t character; } predefined[] = {
        {"lt;", 3, '<'}, {"gt;", 3, '>'}, {"amp;", 4, '&'}, {"quot;", 5, '"'}, {"apos;", 5, '\''},
    };
    for (int i = 0; i < 5; i++) {
        if (end - p >= predefined[i].length && memcmp(p, predefined[i].name, (size_t)predefined[i].length) == 0) {
            *after = p + predefined[i].length;
            out[0] = predefined[i].character;
            return 1;
        }
    }
    return 0;
}

/* ---- Markup other than elements ---- */

/* Checks the characters of [at, end) are XML characters (comments, processing instructions). */
static int valid_characters(const uint8_t *at, const uint8_t *end) {
    while (at < end) {
        uint8_t c = *at;
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return 0;
            at++;
        } else {
            int length = utf8_character(at, end);
            if (!length) return 0;
            at += length;
        }
    }
    return 1;
}

/* `<!--` … `-->`, with no `--` inside. */
static int skip_comment(reader *r) {
    const uint8_t *start = r->at + 4;
    const uint8_t *p = start;
    for (;;) {
        p = memchr(p, '-', (size_t)(r->end - p));
        if (!p || r->end - p < 3) return 0;
        if (p[1] == '-') {
            if (p[2] != '>') return 0;
            if (!valid_characters(start, p)) return 0;
            r->at = p + 3;
            return 1;
        }
        p++;
    }
}

/* `<?target …?>`, the target not `xml` in any case and without a colon. */
static int skip_processing_instruction(reader *r) {
    r->at += 2;
    const uint8_t *name;
    int32_t length, colon;
    if (!read_name(r, &name, &length, &colon) || colon >= 0) return 0;
    if (length == 3 && (name[0] | 0x20) == 'x' && (name[1] | 0x20) == 'm' && (name[2] | 0x20) == 'l') return 0;
    if (starts_with(r, "?>", 2)) {
        r->at += 2;
        return 1;
    }
    if (!skip_space(r)) return 0;
    const uint8_t *start = r->at;
    for (const uint8_t *p = start; (p = memchr(p, '?', (size_t)(r->end - p))) != NULL; p++) {
        if (p + 1 < r->end && p[1] == '>') {
            if (!valid_characters(start, p)) return 0;
            r->at = p + 2;
            return 1;
        }
    }
    return 0;
}

/* One `name="value"` pseudo-attribute of the XML declaration; the value is returned as a span. */
static int read_pseudo_attribute(reader *r, const char *name, const uint8_t **value, int32_t *length) {
    int32_t name_length = (int32_t)strlen(name);
    if (!starts_with(r, name, name_length)) return 0;
    r->at += name_length;
    skip_space(r);
    if (r->at >= r->end || *r->at != '=') return 0;
    r->at++;
    skip_space(r);
    if (r->at >= r->end || (*r->at != '"' && *r->at != '\'')) return 0;
    uint8_t quote = *r->at++;
    const uint8_t *close = memchr(r->at, quote, (size_t)(r->end - r->at));
    if (!close) return 0;
    *value = r->at;
    *length = (int32_t)(close - r->at);
    r->at = close + 1;
    return 1;
}

static int equals_ignoring_case(const uint8_t *bytes, int32_t length, const char *literal) {
    if ((int32_t)strlen(literal) != length) return 0;
    for (int32_t i = 0; i < length; i++) {
        uint8_t c = bytes[i];
        if (c >= 'A' && c <= 'Z') c += 32;
        if (c != (uint8_t)literal[i]) return 0;
    }
    return 1;
}

/* `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`: only version 1.0 and UTF-8 stay here. */
static int read_declaration(reader *r) {
    r->at += 5;
    if (!skip_space(r)) return 0;
    const uint8_t *value;
    int32_t length;
    if (!read_pseudo_attribute(r, "version", &value, &length) || length != 3 || memcmp(value, "1.0", 3) != 0) return 0;
    int spaced = skip_space(r);
    if (spaced && starts_with(r, "encoding", 8)) {
        if (!read_pseudo_attribute(r, "encoding", &value, &length) || !equals_ignoring_case(value, length, "utf-8")) return 0;
        spaced = skip_space(r);
    }
    if (spaced && starts_with(r, "standalone", 10)) {
        if (!read_pseudo_attribute(r, "standalone", &value, &length)) return 0;
        if (!(length == 3 && memcmp(value, "yes", 3) == 0) && !(length == 2 && memcmp(value, "no", 2) == 0)) return 0;
        skip_space(r);
    }
    if (!starts_with(r, "?>", 2)) return 0;
    r->at += 2;
    return 1;
}

/* ---- Elements ---- */

static const binding *find_binding(const reader *r, const uint8_t *prefix, int32_t length) {
    for (int32_t i = r->binding_count - 1; i >= 0; i--) {
        const binding *b = &r->bindings[i];
        if (b->prefix_length == length && memcmp(b->prefix, prefix, (size_t)length) == 0) return b;
    }
    return NULL;
}

/* The namespace URI of a prefix (length 0: the default namespace) and its index in the plan; 0 when an explicit
   prefix is not bound. */
static int resolve(const reader *r, const uint8_t *prefix, int32_t length, const uint8_t **uri, int32_t *uri_length, int32_t *uri_index) {
    const binding *b = find_binding(r, prefix, length);
    if (b) {
        *uri = b->uri;
        *uri_length = b->uri_length;
        *uri_index = b->uri_index;
        return 1;
    }
    if (length == 3 && memcmp(prefix, "xml", 3) == 0) {
        *uri = XML_NAMESPACE;
        *uri_length = (int32_t)sizeof XML_NAMESPACE - 1;
        *uri_index = r->builder.plan->xml_namespace_index;
        return 1;
    }
    *uri = (const uint8_t *)"";
    *uri_length = 0;
    *uri_index = r->builder.plan->no_namespace_index;
    return length == 0;
}

/* A quoted attribute value: checks its characters and references and notes whether it can be copied as it is. */
static int read_value(reader *r, attribute *a) {
    if (r->at >= r->end || (*r->at != '"' && *r->at != '\'')) return 0;
    uint8_t quote = *r->at++;
    const uint8_t *start = r->at;
    a->plain = 1;
    while (r->at < r->end) {
        r->at = skip_plain_value(r->at, r->end);
        if (r->at >= r->end) break;
        uint8_t c = *r->at;
        switch (value_class[c]) {
        case QUOTE:
            if (c == quote) {
                a->value = start;
                a->value_length = (int32_t)(r->at - start);
                r->at++;
                return 1;
            }
            r->at++;
            continue;
        case WHITESPACE:
            a->plain = 0;
            r->at++;
            continue;
        case AMPERSAND: {
            uint8_t decoded[4];
            const uint8_t *after;
            if (!read_reference(r->at, r->end, decoded, &after)) return 0;
            a->plain = 0;
            r->at = after;
            continue;
        }
        case HIGH: {
            int length = utf8_character(r->at, r->end);
            if (!length) return 0;
            r->at += length;
            continue;
        }
        default: /* '<' or a control character */
            return 0;
        }
    }
    return 0;
}

/* Hands a value to the builder decoded: references replaced, each tab, newline and carriage return (a CR LF pair
   counting once) made a space, as for CDATA attributes without a DTD. */
static int deliver_value(reader *r, const attribute *a) {
    cg_builder *builder = &r->builder;
    if (a->plain) return cg_builder_value(builder, (const char *)a->value, a->value_length);
    const uint8_t *p = a->value, *end = a->value + a->value_length, *run = p;
    while (p < end) {
        uint8_t c = *p;
        if (c == '&' || c == '\t' || c == '\n' || c == '\r') {
            if (!cg_builder_value(builder, (const char *)run, (int32_t)(p - run))) return 0;
            if (c == '&') {
                uint8_t decoded[4];
                const uint8_t *after;
                int length = read_reference(p, end, decoded, &after);
                if (!length || !cg_builder_value(builder, (const char *)decoded, length)) return 0;
                p = after;
            } else {
                if (!cg_builder_value(builder, " ", 1)) return 0;
                p += (c == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
            }
            run = p;
        } else {
            p++;
        }
    }
    return cg_builder_value(builder, (const char *)run, (int32_t)(p - run));
}

static void close_element(reader *r) {
    r->depth--;
    r->binding_count = r->elements[r->depth].binding_count;
    if (r->elements[r->depth].built) cg_builder_end(&r->builder);
}

static int same_expanded_name(const reader *r, const attribute *a, const attribute *b) {
    if (a->colon < 0 || b->colon < 0) return 0;
    if (a->name_length - a->colon != b->name_length - b->colon ||
        memcmp(a->name + a->colon, b->name + b->colon, (size_t)(a->name_length - a->colon)) != 0) return 0;
    const uint8_t *uri_a, *uri_b;
    int32_t length_a, length_b, index_a, index_b;
    resolve(r, a->name, a->colon, &uri_a, &length_a, &index_a);
    resolve(r, b->name, b->colon, &uri_b, &length_b, &index_b);
    return length_a == length_b && memcmp(uri_a, uri_b, (size_t)length_a) == 0;
}

/* The plan id of an element name (`element` 1) or attribute name (0) under the bindings in force; -2 when its
   prefix is not bound. */
static int32_t name_id(reader *r, const uint8_t *name, int32_t length, int32_t colon, int element) {
    const uint8_t *uri;
    int32_t uri_length, uri_index = r->builder.plan->no_namespace_index;
    if ((element || colon >= 0) && !resolve(r, name, colon < 0 ? 0 : colon, &uri, &uri_length, &uri_index)) return -2;
    if (uri_index < 0) return -1; /* a namespace no path names */
    const uint8_t *local = colon < 0 ? name : name + colon + 1;
    int32_t local_length = colon < 0 ? length : length - colon - 1;
    const cg_plan *plan = r->builder.plan;
    uint32_t local_hash = cg_name_hash(local, local_length);
    if (local_length > CACHED_NAME_LENGTH) return cg_plan_name_in(plan, uri_index, local, local_length, local_hash);
    uint32_t hash = local_hash ^ ((uint32_t)uri_index * 0x9E3779B9u);
    cached_name *entry = &r->cache[(hash ^ (hash >> 13)) & (NAME_CACHE_SIZE - 1)];
    if (entry->plan_serial == plan->serial && entry->hash == hash && entry->uri_index == uri_index && entry->length == local_length &&
        memcmp(entry->local, local, (size_t)local_length) == 0) {
        return entry->id;
    }
    int32_t id = cg_plan_name_in(plan, uri_index, local, local_length, local_hash);
    entry->plan_serial = plan->serial;
    entry->uri_index = uri_index;
    entry->id = id;
    entry->hash = hash;
    entry->length = local_length;
    memcpy(entry->local, local, (size_t)local_length);
    return id;
}

/* `<name attributes…>` or `<name …/>`, from just after `<`. */
static int read_start_tag(reader *r) {
    const uint8_t *name;
    int32_t name_length, colon;
    if (!read_name(r, &name, &name_length, &colon)) return 0;
    if (r->depth >= MAX_DEPTH) return 0;
    int32_t count = 0;
    int empty = 0;
    for (;;) {
        int spaced = skip_space(r);
        if (r->at >= r->end) return 0;
        if (*r->at == '>') {
            r->at++;
            break;
        }
        if (*r->at == '/') {
            if (r->at + 1 >= r->end || r->at[1] != '>') return 0;
            r->at += 2;
            empty = 1;
            break;
        }
        if (!spaced || count == MAX_ATTRIBUTES) return 0;
        attribute *a = &r->attributes[count];
        if (!read_name(r, &a->name, &a->name_length, &a->colon)) return 0;
        skip_space(r);
        if (r->at >= r->end || *r->at != '=') return 0;
        r->at++;
        skip_space(r);
        if (!read_value(r, a)) return 0;
        for (int32_t i = 0; i < count; i++) {
            const attribute *other = &r->attributes[i];
            if (other->name_length == a->name_length && memcmp(other->name, a->name, (size_t)a->name_length) == 0) return 0;
        }
        a->declaration = (a->name_length == 5 && memcmp(a->name, "xmlns", 5) == 0) || (a->colon == 5 && memcmp(a->name, "xmlns", 5) == 0);
        count++;
    }
    int32_t binding_count = r->binding_count;
    for (int32_t i = 0; i < count; i++) {
        const attribute *a = &r->attributes[i];
        if (!a->declaration) continue;
        if (!a->plain || r->binding_count == MAX_BINDINGS) return 0;
        binding *b = &r->bindings[r->binding_count++];
        if (a->colon < 0) {
            b->prefix = a->name;
            b->prefix_length = 0;
        } else {
            b->prefix = a->name + 6;
            b->prefix_length = a->name_length - 6;
            if (a->value_length == 0) return 0; /* unbinding a prefix is XML 1.1 */
            if ((b->prefix_length == 3 && memcmp(b->prefix, "xml", 3) == 0) ||
                (b->prefix_length == 5 && memcmp(b->prefix, "xmlns", 5) == 0)) return 0;
        }
        if (a->value_length == (int32_t)sizeof XML_NAMESPACE - 1 && memcmp(a->value, XML_NAMESPACE, sizeof XML_NAMESPACE - 1) == 0) return 0;
        if (a->value_length == (int32_t)sizeof XMLNS_NAMESPACE - 1 && memcmp(a->value, XMLNS_NAMESPACE, sizeof XMLNS_NAMESPACE - 1) == 0) return 0;
        b->uri = a->value;
        b->uri_length = a->value_length;
        b->uri_index = cg_plan_uri_index(r->builder.plan, a->value, a->value_length);
    }
    for (int32_t i = 0; i < count; i++) {
        const attribute *a = &r->attributes[i];
        if (a->declaration || a->colon < 0) continue;
        const uint8_t *uri;
        int32_t uri_length, uri_index;
        if (!resolve(r, a->name, a->colon, &uri, &uri_length, &uri_index)) return 0;
        for (int32_t j = 0; j < i; j++) {
            if (!r->attributes[j].declaration && same_expanded_name(r, a, &r->attributes[j])) return 0;
        }
    }
    /* Elements in the reserved xml and xmlns prefixes are left to libxml2. */
    if ((colon == 5 && memcmp(name, "xmlns", 5) == 0) || (colon == 3 && memcmp(name, "xml", 3) == 0)) return 0;
    cg_builder *builder = &r->builder;
    if (cg_builder_ignores_children(builder)) {
        /* Below an element no path reaches nothing is kept: only the prefix must be bound. */
        const uint8_t *uri;
        int32_t uri_length, uri_index;
        if (colon >= 0 && !resolve(r, name, colon, &uri, &uri_length, &uri_index)) return 0;
        r->elements[r->depth++] = (open_element){name, name_length, binding_count, 0};
        if (empty) close_element(r);
        return 1;
    }
    int32_t element_id = name_id(r, name, name_length, colon, 1);
    if (element_id == -2) return 0;
    if (!cg_builder_start(builder, element_id)) return 0;
    r->elements[r->depth++] = (open_element){name, name_length, binding_count, 1};
    if (count > 0 && cg_builder_keeps_attributes(builder)) {
        for (int32_t i = 0; i < count; i++) {
            const attribute *a = &r->attributes[i];
            if (a->declaration) continue;
            int32_t id = name_id(r, a->name, a->name_length, a->colon, 0);
            if (id < 0) continue;
            if (!cg_builder_attribute(builder, id) || !deliver_value(r, a)) return 0;
        }
    }
    if (empty) close_element(r);
    return 1;
}

/* `</name>`, from just after `</`: it must close the element open. */
static int read_end_tag(reader *r) {
    if (r->depth == 0) return 0;
    const open_element *open = &r->elements[r->depth - 1];
    if (r->end - r->at < open->name_length || memcmp(r->at, open->name, (size_t)open->name_length) != 0) return 0;
    r->at += open->name_length;
    if (r->at < r->end && (name_class[*r->at] || *r->at >= 0x80)) return 0; /* a longer name */
    skip_space(r);
    if (r->at >= r->end || *r->at != '>') return 0;
    r->at++;
    close_element(r);
    return 1;
}

/* Character data up to the next `<`, references decoded and line ends normalised. */
static int read_text(reader *r) {
    cg_builder *builder = &r->builder;
    int wanted = cg_builder_wants_text(builder);
    const uint8_t *run = r->at;
    const uint8_t *p = r->at, *end = r->end;
    for (;;) {
        p = skip_plain_text(p, end);
        if (p >= end) break;
        uint8_t c = *p;
        switch (text_class[c]) {
        case LESS:
            goto done;
        case BRACKET:
            if (end - p >= 3 && p[1] == ']' && p[2] == '>') return 0;
            p++;
            continue;
        case HIGH: {
            int length = utf8_character(p, end);
            if (!length) return 0;
            p += length;
            continue;
        }
        case RETURN:
            if (wanted && (!cg_builder_characters(builder, (const char *)run, (int32_t)(p - run)) || !cg_builder_characters(builder, "\n", 1))) return 0;
            p += (p + 1 < end && p[1] == '\n') ? 2 : 1;
            run = p;
            continue;
        case AMPERSAND: {
            uint8_t decoded[4];
            const uint8_t *after;
            int length = read_reference(p, end, decoded, &after);
            if (!length) return 0;
            if (wanted && (!cg_builder_characters(builder, (const char *)run, (int32_t)(p - run)) ||
                           !cg_builder_characters(builder, (const char *)decoded, length))) return 0;
            p = after;
            run = p;
            continue;
        }
        default:
            return 0;
        }
    }
done:
    if (wanted && p > run && !cg_builder_characters(builder, (const char *)run, (int32_t)(p - run))) return 0;
    r->at = p;
    return 1;
}

/* `<![CDATA[` … `]]>`, delivered as text. */
static int read_cdata(reader *r) {
    const uint8_t *start = r->at + 9, *p = start;
    const uint8_t *close = NULL;
    for (const uint8_t *q = start; (q = memchr(q, ']', (size_t)(r->end - q))) != NULL; q++) {
        if (r->end - q >= 3 && q[1] == ']' && q[2] == '>') {
            close = q;
            break;
        }
    }
    if (!close || !valid_characters(start, close)) return 0;
    cg_builder *builder = &r->builder;
    if (cg_builder_wants_text(builder)) {
        const uint8_t *run = p;
        for (; p < close; p++) {
            if (*p != '\r') continue;
            if (!cg_builder_characters(builder, (const char *)run, (int32_t)(p - run)) || !cg_builder_characters(builder, "\n", 1)) return 0;
            if (p + 1 < close && p[1] == '\n') p++;
            run = p + 1;
        }
        if (!cg_builder_characters(builder, (const char *)run, (int32_t)(close - run))) return 0;
    }
    r->at = close + 3;
    return 1;
}

/* Comments, processing instructions and white space outside the root element. */
static int read_misc(reader *r) {
    for (;;) {
        skip_space(r);
        if (r->at >= r->end || *r->at != '<') return 1;
        if (starts_with(r, "<!--", 4)) {
            if (!skip_comment(r)) return 0;
        } else if (starts_with(r, "<?", 2)) {
            if (!skip_processing_instruction(r)) return 0;
        } else {
            return 1;
        }
    }
}

static int read_document(reader *r) {
    if (r->end - r->at >= 3 && r->at[0] == 0xEF && r->at[1] == 0xBB && r->at[2] == 0xBF) r->at += 3;
    if (starts_with(r, "<?xml", 5) && r->end - r->at > 5 && is_space(r->at[5]) && !read_declaration(r)) return 0;
    if (!read_misc(r)) return 0;
    if (r->at >= r->end || *r->at != '<') return 0;
    r->at++;
    if (!read_start_tag(r)) return 0;
    while (r->depth > 0) {
        if (r->at >= r->end) return 0;
        if (*r->at != '<') {
            if (!read_text(r)) return 0;
            continue;
        }
        if (r->end - r->at < 2) return 0;
        uint8_t next = r->at[1];
        if (next == '/') {
            r->at += 2;
            if (!read_end_tag(r)) return 0;
        } else if (next == '!') {
            if (starts_with(r, "<!--", 4)) {
                if (!skip_comment(r)) return 0;
            } else if (starts_with(r, "<![CDATA[", 9)) {
                if (!read_cdata(r)) return 0;
            } else {
                return 0;
            }
        } else if (next == '?') {
            if (!skip_processing_instruction(r)) return 0;
        } else {
            r->at++;
            if (!read_start_tag(r)) return 0;
        }
    }
    if (!read_misc(r)) return 0;
    return r->at == r->end;
}

/* One reader per thread, reused: no allocation per document, and its name cache stays warm. */
static pthread_key_t reader_key;
static pthread_once_t reader_key_once = PTHREAD_ONCE_INIT;

static void make_reader_key(void) { pthread_key_create(&reader_key, free); }

static reader *thread_reader(void) {
    pthread_once(&reader_key_once, make_reader_key);
    reader *r = pthread_getspecific(reader_key);
    if (r) return r;
    r = calloc(1, sizeof(reader));
    if (!r || pthread_setspecific(reader_key, r) != 0) {
        free(r);
        return NULL;
    }
    return r;
}

int cg_fast_read(const cg_plan *plan, const char *bytes, int32_t length, cg_tree *tree) {
    if (length <= 0 || length > MAX_LENGTH) return 0;
    pthread_once(&tables_once, make_tables);
    reader *r = thread_reader();
    if (!r) return 0;
    r->at = (const uint8_t *)bytes;
    r->end = r->at + length;
    r->binding_count = 0;
    r->depth = 0;
    cg_builder_init(&r->builder, tree, plan);
    /* Text and values never outgrow the document, so one allocation each covers most documents. */
    int32_t reserve = length < 65536 ? length : 65536;
    int read = cg_builder_reserve(&r->builder, reserve, reserve) && read_document(r) && tree->status == 0;
    cg_builder_dispose(&r->builder);
    return read;
}
