#define _GNU_SOURCE
#include "base/cleanup.h"
#include "cli.h"
#include "datadirs.h"
#include "exec-image.h"
#include "exec-options.h"
#include "nsbox.h"
#include "lang/nsconf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
nsbox_cmd_exec (const struct nsbox_global_options *global, int argc, char **argv)
{
  struct nsbox_exec_options opts;
  struct nsbox_result result;
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_free_ char *json = NULL;
  struct nsbox_image *image = NULL;
  struct nsbox_conf conf;
  int status;

  if (nsbox_exec_parse (argc, argv, &opts, &err) < 0)
    {
      nsbox_cli_print_error (err);
      nsbox_exec_options_release (&opts);
      return 125;
    }
  if (opts.help)
    {
      nsbox_exec_usage (stdout);
      nsbox_exec_options_release (&opts);
      return 0;
    }
  if (nsbox_cli_dirs_apply (&opts.config) < 0)
    {
      nsbox_cli_error ("out of memory");
      nsbox_exec_options_release (&opts);
      return 125;
    }
  if (opts.lang)
    {
      status = nsbox_cmd_exec_lang (global, &opts);
      nsbox_exec_options_release (&opts);
      return status;
    }
  if (global->state_root)
    {
      free (opts.config.state_root);
      opts.config.state_root = strdup (global->state_root);
    }
  /* The ceilings of nsbox.conf bound every limit a caller gives. */
  if (nsbox_cli_load_conf (opts.config_path, &conf, &err) < 0
      || (opts.image && nsbox_exec_apply_image (&opts, global->store ? global->store : conf.store, &image, &err) < 0)
      || nsbox_conf_check (&conf, &opts.config, opts.limits_given, &err) < 0)
    {
      nsbox_cli_print_error (err);
      nsbox_conf_release (&conf);
      nsbox_image_free (image);
      nsbox_exec_options_release (&opts);
      return 125;
    }
  nsbox_conf_release (&conf);

  if (nsbox_sandbox_run (&opts.config, &result, &err) < 0 && !opts.json)
    nsbox_cli_print_error (err);
  /* An rlimit lowered to what the kernel allows is said, never hidden. */
  for (char **w = result.warnings; w && *w; w++)
    nsbox_cli_error ("warning: %s", *w);
  status = nsbox_result_exit_status (&result);
  if (opts.json || opts.report_path)
    json = nsbox_result_to_json (&result);
  if (opts.json && json)
    fputs (json, stdout);
  if (opts.report_path && json && nsbox_cli_write_report (opts.report_path, json) < 0)
    status = 125;
  nsbox_result_release (&result);
  nsbox_exec_options_release (&opts);
  /* Held until here: prune must not remove layers under a running sandbox. */
  nsbox_image_free (image);
  return status;
}
