/* unit_lang_steps: the per-step sandbox configs of a language run (no sandbox runs). */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/lang.h"

static const char *const shipped_dirs[] = { NSBOX_TEST_SRCDIR "/policies/lang", NULL };

struct fixture
{
  struct nsbox_lang_policy policy;
  struct nsbox_conf conf;
  struct nsbox_lang_request req;
  struct nsbox_sandbox_config config;
};

static void
setup (struct fixture *f, const char *lang)
{
  struct nsbox_error *err = NULL;

  cr_assert_eq (nsbox_policy_find (lang, shipped_dirs, &f->policy, &err), 0, "%s", err ? err->message : "");
  nsbox_conf_init (&f->conf);
  nsbox_lang_request_init (&f->req);
  f->req.policy = &f->policy;
  f->req.conf = &f->conf;
  f->req.code = "int main (void) { return 0; }\n";
  f->req.code_length = strlen (f->req.code);
  nsbox_config_init (&f->config);
}

static void
teardown (struct fixture *f)
{
  nsbox_config_release (&f->config);
  nsbox_conf_release (&f->conf);
  nsbox_policy_release (&f->policy);
}

static void
add_mount (struct nsbox_sandbox_config *c, const char *source, const char *destination)
{
  struct nsbox_error *err = NULL;
  char *text;

  cr_assert_geq (asprintf (&text, "%s:%s:ro", source, destination), 0);
  c->mounts = realloc (c->mounts, (c->n_mounts + 1) * sizeof *c->mounts);
  cr_assert_eq (nsbox_parse_mount (text, true, &c->mounts[c->n_mounts], &err), 0);
  c->n_mounts++;
  free (text);
}

static size_t
count_at (const struct nsbox_sandbox_config *c, const char *destination, const char **source)
{
  size_t n = 0;

  for (size_t i = 0; i < c->n_mounts; i++)
    if (strcmp (c->mounts[i].destination, destination) == 0)
      {
        n++;
        if (source)
          *source = c->mounts[i].source;
      }
  return n;
}

Test (unit_lang_steps, the_out_bind_is_found_by_its_mount_point_not_its_place)
{
  struct fixture f;
  const char *source = NULL;

  setup (&f, "c");
  add_mount (&f.config, "/usr", "/opt/before");
  cr_assert_eq (nsbox_lang_configure_step (&f.config, &f.req, true, "/tmp/first", NULL), 0);
  /* A mount added after the compile step's /out bind: /out is no longer last. */
  add_mount (&f.config, "/etc", "/opt/after");
  cr_assert_eq (nsbox_lang_configure_step (&f.config, &f.req, false, "/tmp/second", NULL), 0);
  cr_expect_eq (count_at (&f.config, "/out", &source), 1, "one /out bind, not two");
  cr_expect_str_eq (source, "/tmp/second");
  cr_expect_eq (count_at (&f.config, "/opt/before", NULL), 1);
  cr_expect_eq (count_at (&f.config, "/opt/after", NULL), 1, "the caller's mount after it is kept");
  cr_expect_eq (f.config.n_mounts, 3);
  teardown (&f);
}

Test (unit_lang_steps, the_compile_step_writes_out_and_the_run_step_reads_it)
{
  struct fixture f;

  setup (&f, "c");
  cr_assert_eq (nsbox_lang_configure_step (&f.config, &f.req, true, "/tmp/a", NULL), 0);
  cr_assert_eq (f.config.n_mounts, 1);
  cr_expect_not (f.config.mounts[0].read_only);
  cr_assert_eq (nsbox_lang_configure_step (&f.config, &f.req, false, "/tmp/a", NULL), 0);
  cr_assert_eq (f.config.n_mounts, 1);
  cr_expect (f.config.mounts[0].read_only);
  cr_assert_eq (nsbox_lang_configure_step (&f.config, &f.req, false, NULL, NULL), 0);
  cr_expect_eq (f.config.n_mounts, 0, "no artifact: no /out");
  teardown (&f);
}
