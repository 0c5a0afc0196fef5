/* Hostile files through the C ABI (issue 7, item 3), as an integrator's C program meets them:
 * esc_engine_load() on a directory of good rulesets plus one bad file returns the documented
 * status, sets *out to NULL (nothing partially loaded) and leaves a message naming the bad file
 * and line. The wording checked is the loader's (engine/src/xml/loader.cpp); tests/engine/
 * hostile_input_test.cpp covers the same inputs at the engine level, with more variants. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "escalate.h"

static int failures = 0, checks = 0;

#define CHECK(condition)                                                              \
    do {                                                                              \
        ++checks;                                                                     \
        if (!(condition)) {                                                           \
            ++failures;                                                               \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
        }                                                                             \
    } while (0)

static const char small_calendar[] =
    "<calendar id=\"small\" name=\"Small\" first-year=\"2020\" last-year=\"2030\" source=\"tests\">\n"
    "  <weekend days=\"saturday sunday\"/>\n"
    "</calendar>\n";

static const char small_pathway[] =
    "<pathway id=\"p\" title=\"Test\" version=\"1\" effective-from=\"2023-01-01\" calendar=\"small\" subjects=\"child\">\n"
    "  <source title=\"Test policy\" authority=\"Test board\" date=\"2023-01-01\" file=\"test.txt\"/>\n"
    "  <tier id=\"t\" name=\"Practitioners\" clause=\"c1\"/>\n"
    "  <start stage=\"s\" clause=\"c3\"/>\n"
    "  <stage id=\"s\" name=\"Stage\" tier=\"t\" clause=\"c4\">\n"
    "    <deadline kind=\"working-days\" days=\"1\"/>\n"
    "    <transition on=\"resolved\" to=\"done\" clause=\"c5\"/>\n"
    "  </stage>\n"
    "  <outcome id=\"done\" kind=\"resolved\" name=\"Resolved\" clause=\"c6\"/>\n"
    "</pathway>\n";

static char directory[256];

static void write_file(const char *name, const char *bytes, size_t length) {
    char path[512];
    FILE *file;
    snprintf(path, sizeof path, "%s/%s", directory, name);
    file = fopen(path, "wb");
    if (!file || fwrite(bytes, 1, length, file) != length) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(2);
    }
    fclose(file);
}

static void remove_file(const char *name) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", directory, name);
    unlink(path);
}

/* Loads the directory with bad.xml holding `bytes`; checks the status, that no engine came
 * back, and that the message reads "<directory>/bad.xml:<where>". */
static void expect_refused(const char *label, const char *bytes, size_t length, esc_status expected, const char *where) {
    esc_engine *engine = (esc_engine *)&engine; /* any non-NULL value: must come back NULL */
    char wanted[1024];
    esc_status status;
    write_file("bad.xml", bytes, length);
    status = esc_engine_load(directory, &engine);
    snprintf(wanted, sizeof wanted, "%s/bad.xml:%s", directory, where);
    if (status != expected || engine != NULL || !strstr(esc_last_error(), wanted)) {
        fprintf(stderr, "%s: status %s, engine %p, message \"%s\"; wanted %s and \"%s\"\n", label, esc_status_name(status),
                (void *)engine, esc_last_error(), esc_status_name(expected), wanted);
    }
    CHECK(status == expected);
    CHECK(engine == NULL);
    CHECK(strstr(esc_last_error(), wanted) != NULL);
    remove_file("bad.xml");
}

int main(void) {
    esc_engine *engine = NULL;
    static const char nul_bytes[] = "\x7f" "ELF\x02\x01\x01\0\0\0";
    static const char utf16[] = "\xFF\xFE<\0c\0a\0l\0";
    static const char latin1[] = "<!-- caf\xE9 -->\n<calendar id=\"x\"/>\n";
    static const char doctype[] =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE calendar [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<calendar name=\"&xxe;\"/>\n";
    static const char laughs[] =
        "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\n<calendar name=\"&lol2;\"/>\n";
    static const char wrong_root[] = "<ruleset/>\n";
    static const char declared[] = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<calendar/>\n";
    char truncated[sizeof small_calendar];
    char *huge;
    const size_t huge_length = 4u * 1024 * 1024 + 1;

    snprintf(directory, sizeof directory, "/tmp/escalate-abi-hostile-XXXXXX");
    if (!mkdtemp(directory)) {
        perror("mkdtemp");
        return 2;
    }
    write_file("calendar.xml", small_calendar, strlen(small_calendar));
    write_file("pathway.xml", small_pathway, strlen(small_pathway));

    /* The good files alone load. */
    CHECK(esc_engine_load(directory, &engine) == ESC_OK && engine != NULL);
    esc_engine_free(engine);

    expect_refused("empty", "", 0, ESC_PARSE_ERROR, "1: the file is not well-formed XML");
    memcpy(truncated, small_calendar, 70);
    expect_refused("truncated", truncated, 70, ESC_PARSE_ERROR, "1: the file is not well-formed XML");
    expect_refused("binary", nul_bytes, sizeof nul_bytes - 1, ESC_PARSE_ERROR, "1: the file contains a NUL byte");
    expect_refused("utf-16", utf16, sizeof utf16 - 1, ESC_PARSE_ERROR, "1: the file is UTF-16; save it as UTF-8");
    expect_refused("latin-1", latin1, strlen(latin1), ESC_PARSE_ERROR, "1: the file is not valid UTF-8");
    expect_refused("declared latin-1", declared, strlen(declared), ESC_PARSE_ERROR,
                   "1: the XML declaration names an encoding other than UTF-8");
    expect_refused("external entity", doctype, strlen(doctype), ESC_PARSE_ERROR,
                   "2: DOCTYPE and other declarations are not allowed");
    expect_refused("entity expansion", laughs, strlen(laughs), ESC_PARSE_ERROR,
                   "1: DOCTYPE and other declarations are not allowed");
    expect_refused("wrong root", wrong_root, strlen(wrong_root), ESC_INVALID_RULESET, "1: the root element is <ruleset>");
    expect_refused("semantic", "<calendar id=\"other\" name=\"O\" first-year=\"2020\" last-year=\"2019\" source=\"s\">"
                               "<weekend days=\"sunday\"/></calendar>\n",
                   strlen("<calendar id=\"other\" name=\"O\" first-year=\"2020\" last-year=\"2019\" source=\"s\">"
                          "<weekend days=\"sunday\"/></calendar>\n"),
                   ESC_INVALID_RULESET, "1: <calendar id=\"other\">: first-year 2020 is after last-year 2019");

    /* Over the 4 MiB ceiling: refused by its size before it is read. */
    huge = malloc(huge_length);
    if (!huge) return 2;
    memset(huge, ' ', huge_length);
    expect_refused("huge", huge, huge_length, ESC_PARSE_ERROR, "1: the file is 4194305 bytes, larger than a ruleset can be");
    free(huge);

    /* The good files still load afterwards: a refused load leaves nothing behind. */
    engine = NULL;
    CHECK(esc_engine_load(directory, &engine) == ESC_OK && engine != NULL);
    esc_engine_free(engine);

    remove_file("calendar.xml");
    remove_file("pathway.xml");
    rmdir(directory);
    printf("%d checks, %d failures\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
