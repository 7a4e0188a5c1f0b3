#define _GNU_SOURCE
#include "cleanup.h"
#include "cli.h"
#include "exec-image.h"
#include "exec-options.h"
#include "nsbox.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int
write_report (const char *path, const char *json)
{
  _cleanup_close_ int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  size_t len = strlen (json);

  if (fd < 0 || write (fd, json, len) != (ssize_t) len)
    {
      nsbox_cli_error ("write the report `%s`: %s", path, strerror (errno));
      return -1;
    }
  return 0;
}

static void
print_error (const struct nsbox_error *err)
{
  _cleanup_free_ char *msg = nsbox_error_format (err);

  nsbox_cli_error ("%s", msg ? msg : "unknown error");
}

int
nsbox_cmd_exec (const struct nsbox_global_options *global, int argc, char **argv)
{
  struct nsbox_exec_options opts;
  struct nsbox_result result;
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_free_ char *json = NULL;
  struct nsbox_image *image = NULL;
  int status;

  if (nsbox_exec_parse (argc, argv, &opts, &err) < 0)
    {
      print_error (err);
      nsbox_exec_options_release (&opts);
      return 125;
    }
  if (opts.help)
    {
      nsbox_exec_usage (stdout);
      nsbox_exec_options_release (&opts);
      return 0;
    }
  if (global->state_root)
    {
      free (opts.config.state_root);
      opts.config.state_root = strdup (global->state_root);
    }
  if (opts.image && nsbox_exec_apply_image (&opts, global->store, &image, &err) < 0)
    {
      print_error (err);
      nsbox_exec_options_release (&opts);
      return 125;
    }

  if (nsbox_sandbox_run (&opts.config, &result, &err) < 0 && !opts.json)
    print_error (err);
  /* An rlimit lowered to what the kernel allows is said, never hidden. */
  for (char **w = result.warnings; w && *w; w++)
    nsbox_cli_error ("warning: %s", *w);
  status = nsbox_result_exit_status (&result);
  if (opts.json || opts.report_path)
    json = nsbox_result_to_json (&result);
  if (opts.json && json)
    fputs (json, stdout);
  if (opts.report_path && json && write_report (opts.report_path, json) < 0)
    status = 125;
  nsbox_result_release (&result);
  nsbox_exec_options_release (&opts);
  /* Held until here: prune must not remove layers under a running sandbox. */
  nsbox_image_free (image);
  return status;
}
