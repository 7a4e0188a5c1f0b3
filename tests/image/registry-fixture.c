#define _GNU_SOURCE
#include "registry-fixture.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define REGISTRY_BIN "/usr/bin/docker-registry"

static void stop_current (void);

/* A failed Criterion assertion ends the test process without running .fini, so the
 * fixture stops its servers and removes its directory before failing. */
#define fx_check(cond, ...)                                                                                            \
  do                                                                                                                   \
    {                                                                                                                  \
      if (!(cond))                                                                                                     \
        {                                                                                                              \
          stop_current ();                                                                                             \
          cr_assert_fail (__VA_ARGS__);                                                                                \
        }                                                                                                              \
    }                                                                                                                  \
  while (0)

static const char *
srcdir (void)
{
  const char *s = getenv ("NSBOX_SRCDIR");
  return s ? s : ".";
}

static const char *
image_bin (void)
{
  const char *s = getenv ("NSBOX_IMAGE_BIN");

  fx_check ((s) != NULL, "NSBOX_IMAGE_BIN must name the nsbox-image executable");
  return s;
}

int
test_sh (const char *fmt, ...)
{
  char *cmd;
  va_list ap;
  int status;

  va_start (ap, fmt);
  fx_check ((vasprintf (&cmd, fmt, ap)) >= (0), "out of memory");
  va_end (ap);
  status = system (cmd);
  free (cmd);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

static char *
read_all (const char *path)
{
  FILE *f = fopen (path, "r");
  char *data = NULL;
  size_t n = 0;

  if (f == NULL)
    return strdup ("");
  if (getdelim (&data, &n, '\0', f) < 0)
    {
      free (data);
      data = strdup ("");
    }
  fclose (f);
  return data;
}

static void
write_file (const char *path, const char *content)
{
  FILE *f = fopen (path, "w");

  fx_check ((f) != NULL, "create %s: %s", path, strerror (errno));
  fputs (content, f);
  fx_check ((fclose (f)) == (0), "write %s: %s", path, strerror (errno));
}

static int
free_port (void)
{
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof a;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  fx_check ((fd) >= (0), "socket: %s", strerror (errno));
  fx_check ((bind (fd, (struct sockaddr *)&a, sizeof a)) == (0), "bind: %s", strerror (errno));
  fx_check ((getsockname (fd, (struct sockaddr *)&a, &len)) == (0), "getsockname: %s", strerror (errno));
  close (fd);
  return ntohs (a.sin_port);
}

/* Fork and exec argv with stdout+stderr to log; returns the PID. */
static pid_t
spawn (char *const argv[], const char *log)
{
  pid_t pid = fork ();

  fx_check ((pid) >= (0), "fork: %s", strerror (errno));
  if (pid == 0)
    {
      int fd = open (log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);

      /* Servers die with the test process, whatever ends it. */
      if (fd < 0 || dup2 (fd, 1) < 0 || dup2 (fd, 2) < 0 || prctl (PR_SET_PDEATHSIG, SIGKILL) < 0)
        _exit (127);
      execv (argv[0], argv);
      _exit (127);
    }
  return pid;
}

/* Wait until `log` says `ready` (the server bound its port), or the process exits:
 * returns false when it exited (another test took the port between our probe and its bind). */
static bool
wait_until_ready (pid_t *pid, const char *ready, const char *what, const char *log)
{
  for (int i = 0; i < 400; i++)
    {
      char *text = read_all (log);
      bool up = strstr (text, ready) != NULL;
      int status;

      if (!up && waitpid (*pid, &status, WNOHANG) == *pid)
        {
          *pid = 0;
          if (strstr (text, "in use"))
            {
              free (text);
              return false;
            }
          stop_current ();
          cr_assert_fail ("%s exited before it was ready: %s", what, text);
        }
      free (text);
      if (up)
        return true;
      usleep (25000);
    }
  stop_current ();
  cr_assert_fail ("%s not ready after 10 s", what);
  return false;
}

static void
stop_pid (pid_t *pid)
{
  int status;

  if (*pid <= 0)
    return;
  kill (*pid, SIGTERM);
  for (int i = 0; i < 100; i++)
    {
      if (waitpid (*pid, &status, WNOHANG) == *pid)
        {
          *pid = 0;
          return;
        }
      usleep (20000);
    }
  kill (*pid, SIGKILL);
  waitpid (*pid, &status, 0);
  *pid = 0;
}

static void
make_certificates (struct test_registry *r)
{
  if (r->mode == TEST_REGISTRY_TLS_TOKEN)
    fx_check ((test_sh ("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=nsbox-token "
                        "-keyout %1$s/token.key -out %1$s/token.crt 2>>%1$s/setup.log",
                        r->dir))
                  == (0),
              "openssl (token signing key)");
  fx_check ((test_sh ("mkdir -p %1$s/certs && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
                      "-nodes -days 2 -subj /CN=127.0.0.1 -addext 'subjectAltName=IP:127.0.0.1,DNS:localhost' "
                      "-keyout %1$s/tls.key -out %1$s/certs/ca.crt 2>>%1$s/setup.log",
                      r->dir))
                == (0),
            "openssl (TLS certificate)");
}

static void
write_registry_config (struct test_registry *r, int port, int token_port, int storage_port)
{
  char *path, *yml, *tls = NULL, *auth = NULL, *middleware = NULL;

  if (r->redirect != TEST_REDIRECT_NONE)
    fx_check (asprintf (&middleware,
                        "middleware:\n  storage:\n    - name: redirect\n      options:\n"
                        "        baseurl: %s://127.0.0.1:%d/\n",
                        r->redirect == TEST_REDIRECT_HTTPS ? "https" : "http", storage_port)
                  >= 0,
              "out of memory");

  if (r->mode != TEST_REGISTRY_PLAIN)
    fx_check ((asprintf (&tls, "  tls:\n    certificate: %1$s/certs/ca.crt\n    key: %1$s/tls.key\n", r->dir)) >= (0),
              "out of memory");
  if (r->mode == TEST_REGISTRY_TLS_BASIC)
    fx_check ((asprintf (&auth, "auth:\n  htpasswd:\n    realm: nsbox-test\n    path: %s/htpasswd\n", r->dir)) >= (0),
              "out of memory");
  if (r->mode == TEST_REGISTRY_TLS_TOKEN)
    fx_check ((asprintf (&auth,
                         "auth:\n  token:\n    realm: https://127.0.0.1:%d/token\n    service: nsbox-test\n"
                         "    issuer: nsbox-test-issuer\n    rootcertbundle: %s/token.crt\n",
                         token_port, r->dir))
                  >= (0),
              "out of memory");
  fx_check ((asprintf (&yml,
                       "version: 0.1\nlog:\n  level: info\n  accesslog:\n    disabled: false\n"
                       "storage:\n  filesystem:\n    rootdirectory: %s/data\n%s"
                       "http:\n  addr: 127.0.0.1:%d\n  secret: nsbox-test-secret\n%s%s",
                       r->dir, middleware ? middleware : "", port, tls ? tls : "", auth ? auth : ""))
                >= (0),
            "out of memory");
  fx_check ((asprintf (&path, "%s/config.yml", r->dir)) >= (0), "out of memory");
  write_file (path, yml);
  free (path);
  free (yml);
  free (tls);
  free (auth);
  free (middleware);
}

static bool
start_token_server (struct test_registry *r, int token_port)
{
  bool up;
  char *script, *port, *tls_cert, *tls_key, *cert, *key, *log, *tlog;

  fx_check ((asprintf (&script, "%s/tests/image/token-server.py", srcdir ())) >= (0), "out of memory");
  fx_check ((asprintf (&port, "%d", token_port)) >= (0), "out of memory");
  fx_check ((asprintf (&tls_cert, "%s/certs/ca.crt", r->dir)) >= (0), "out of memory");
  fx_check ((asprintf (&tls_key, "%s/tls.key", r->dir)) >= (0), "out of memory");
  fx_check ((asprintf (&cert, "%s/token.crt", r->dir)) >= (0), "out of memory");
  fx_check ((asprintf (&key, "%s/token.key", r->dir)) >= (0), "out of memory");
  fx_check ((asprintf (&log, "%s/token-requests.log", r->dir)) >= (0), "out of memory");
  fx_check ((asprintf (&tlog, "%s/token-server.log", r->dir)) >= (0), "out of memory");
  {
    char *argv[] = { "/usr/bin/python3",     script, port, tls_cert, tls_key, cert, key, TEST_REGISTRY_USER,
                     TEST_REGISTRY_PASSWORD, log,    NULL };

    r->token_pid = spawn (argv, tlog);
  }
  up = wait_until_ready (&r->token_pid, "listening", "token server", tlog);
  free (script), free (port), free (tls_cert), free (tls_key), free (cert), free (key), free (log), free (tlog);
  return up;
}

static void
read_digests (struct test_registry *r)
{
  char *path, *json;
  char *p;

  fx_check ((asprintf (&path, "%s/digests.json", r->dir)) >= (0), "out of memory");
  json = read_all (path);
  free (path);
#define FIELD(name, dest)                                                                                              \
  p = strstr (json, "\"" name "\": \"");                                                                               \
  fx_check ((p) != NULL, "digests.json lacks " name);                                                                  \
  snprintf (dest, TEST_DIGEST_SIZE, "%.71s", p + strlen ("\"" name "\": \""));
  FIELD ("amd64", r->amd64);
  FIELD ("arm64", r->arm64);
  FIELD ("index", r->index);
  FIELD ("config", r->config);
  p = strstr (json, "\"layers\": [\"");
  fx_check ((p) != NULL, "digests.json lacks layers");
  snprintf (r->layers[0], TEST_DIGEST_SIZE, "%.71s", p + 12);
  snprintf (r->layers[1], TEST_DIGEST_SIZE, "%.71s", p + 12 + 71 + 4);
#undef FIELD
  free (json);
}

static void
push_images (struct test_registry *r)
{
  char *dest_opts, *path, *digest;

  if (r->mode == TEST_REGISTRY_PLAIN)
    dest_opts = strdup ("--dest-tls-verify=false");
  else
    fx_check ((asprintf (&dest_opts, "--dest-cert-dir %s/certs --dest-creds '%s:%s'", r->dir, TEST_REGISTRY_USER,
                         TEST_REGISTRY_PASSWORD))
                  >= (0),
              "out of memory");
  fx_check ((test_sh ("python3 %1$s/tests/image/make-oci-layout.py %2$s/oci /bin/busybox >%2$s/digests.json", srcdir (),
                      r->dir))
                == (0),
            "make-oci-layout.py");
  read_digests (r);
  fx_check ((test_sh ("skopeo copy -q %1$s oci:%2$s/oci:single docker://%3$s/test/busybox:single >>%2$s/setup.log "
                      "2>&1 && skopeo copy -q --all %1$s oci:%2$s/oci:multi docker://%3$s/test/busybox:multi "
                      ">>%2$s/setup.log 2>&1 && skopeo copy -q --format v2s2 --digestfile %2$s/v2s2.digest %1$s "
                      "oci:%2$s/oci:single docker://%3$s/test/busybox:v2s2 >>%2$s/setup.log 2>&1",
                      dest_opts, r->dir, r->host))
                == (0),
            "skopeo copy into the test registry (see setup.log)");
  fx_check ((asprintf (&path, "%s/v2s2.digest", r->dir)) >= (0), "out of memory");
  digest = read_all (path);
  snprintf (r->v2s2, sizeof r->v2s2, "%.71s", digest);
  free (digest);
  free (path);
  free (dest_opts);
}

static struct test_registry *current;

static void
stop_current (void)
{
  if (current)
    test_registry_stop (current);
}

static bool
start_registry (struct test_registry *r, int port)
{
  char *config, *log;
  bool up;

  fx_check ((asprintf (&config, "%s/config.yml", r->dir)) >= (0), "out of memory");
  fx_check ((asprintf (&log, "%s/registry.log", r->dir)) >= (0), "out of memory");
  {
    char *argv[] = { REGISTRY_BIN, "serve", config, NULL };

    r->pid = spawn (argv, log);
  }
  up = wait_until_ready (&r->pid, "listening on 127.0.0.1:", "docker-registry", log);
  free (config);
  free (log);
  return up;
}

static bool
start_storage (struct test_registry *r, int storage_port)
{
  char *script, *port, *root, *cert, *key, *log, *slog;
  bool up;

  fx_check (asprintf (&script, "%s/tests/image/blob-storage.py", srcdir ()) >= 0, "out of memory");
  fx_check (asprintf (&port, "%d", storage_port) >= 0, "out of memory");
  fx_check (asprintf (&root, "%s/data", r->dir) >= 0, "out of memory");
  if (r->redirect == TEST_REDIRECT_HTTPS)
    {
      fx_check (asprintf (&cert, "%s/certs/ca.crt", r->dir) >= 0, "out of memory");
      fx_check (asprintf (&key, "%s/tls.key", r->dir) >= 0, "out of memory");
    }
  else
    cert = strdup ("-"), key = strdup ("-");
  fx_check (asprintf (&log, "%s/storage-requests.log", r->dir) >= 0, "out of memory");
  fx_check (asprintf (&slog, "%s/storage-server.log", r->dir) >= 0, "out of memory");
  {
    char *argv[] = { "/usr/bin/python3", script, port, root, cert, key, log, NULL };

    r->storage_pid = spawn (argv, slog);
  }
  up = wait_until_ready (&r->storage_pid, "listening", "blob storage server", slog);
  free (script), free (port), free (root), free (cert), free (key), free (log), free (slog);
  return up;
}

void
test_registry_start (struct test_registry *r, enum test_registry_mode mode)
{
  test_registry_start_redirect (r, mode, TEST_REDIRECT_NONE);
}

void
test_registry_start_redirect (struct test_registry *r, enum test_registry_mode mode,
                              enum test_registry_redirect redirect)
{
  int port = 0, token_port = 0, storage_port = 0;

  memset (r, 0, sizeof *r);
  r->mode = mode;
  r->redirect = redirect;
  snprintf (r->dir, sizeof r->dir, "/tmp/nsbox-registry-XXXXXX");
  fx_check ((mkdtemp (r->dir)) != NULL, "mkdtemp: %s", strerror (errno));
  current = r;
  fx_check ((test_sh ("mkdir -p %1$s/home %1$s/data", r->dir)) == (0), "mkdir");
  if (mode != TEST_REGISTRY_PLAIN)
    make_certificates (r);
  if (mode == TEST_REGISTRY_TLS_BASIC)
    fx_check ((test_sh ("htpasswd -Bbn '%s' '%s' >%s/htpasswd", TEST_REGISTRY_USER, TEST_REGISTRY_PASSWORD, r->dir))
                  == (0),
              "htpasswd");
  for (int attempt = 0; mode == TEST_REGISTRY_TLS_TOKEN && attempt < 5; attempt++)
    if (start_token_server (r, token_port = free_port ()))
      break;
  fx_check (mode != TEST_REGISTRY_TLS_TOKEN || r->token_pid > 0, "token server did not start");
  for (int attempt = 0; redirect != TEST_REDIRECT_NONE && attempt < 5; attempt++)
    if (start_storage (r, storage_port = free_port ()))
      break;
  fx_check (redirect == TEST_REDIRECT_NONE || r->storage_pid > 0, "blob storage server did not start");
  for (int attempt = 0; attempt < 5 && r->pid == 0; attempt++)
    {
      port = free_port ();
      write_registry_config (r, port, token_port, storage_port);
      start_registry (r, port);
    }
  fx_check ((r->pid) > (0), "docker-registry did not start");
  snprintf (r->host, sizeof r->host, "127.0.0.1:%d", port);
  push_images (r);
}

void
test_registry_stop (struct test_registry *r)
{
  stop_pid (&r->pid);
  stop_pid (&r->token_pid);
  stop_pid (&r->storage_pid);
  if (r->dir[0] && getenv ("NSBOX_KEEP_REGISTRY") == NULL)
    test_sh ("rm -rf '%s'", r->dir);
  r->dir[0] = '\0';
  current = NULL;
}

void
test_registry_write_containers_auth (struct test_registry *r, const char *json)
{
  char *path;

  fx_check (test_sh ("mkdir -p %s/run/containers", r->dir) == 0, "mkdir");
  fx_check (asprintf (&path, "%s/run/containers/auth.json", r->dir) >= 0, "out of memory");
  write_file (path, json);
  free (path);
}

void
test_registry_write_docker_config (struct test_registry *r, const char *json)
{
  char *path;

  fx_check ((test_sh ("mkdir -p %s/home/.docker", r->dir)) == (0), "mkdir");
  fx_check ((asprintf (&path, "%s/home/.docker/config.json", r->dir)) >= (0), "out of memory");
  write_file (path, json);
  free (path);
}

void
test_registry_pull (struct test_registry *r, const char *const *args, const char *ref, struct pull_run *run)
{
  char *out = NULL, *err = NULL, *store = NULL, *home = NULL, *runtime = NULL;
  const char *argv[32];
  size_t n = 0;
  pid_t pid;
  int status;

  fx_check ((asprintf (&out, "%s/pull.out", r->dir)) >= (0), "out of memory");
  fx_check ((asprintf (&err, "%s/pull.err", r->dir)) >= (0), "out of memory");
  fx_check ((asprintf (&store, "%s/store", r->dir)) >= (0), "out of memory");
  fx_check ((asprintf (&home, "HOME=%s/home", r->dir)) >= (0), "out of memory");
  fx_check (asprintf (&runtime, "XDG_RUNTIME_DIR=%s/run", r->dir) >= 0, "out of memory");
  argv[n++] = image_bin ();
  argv[n++] = "pull";
  argv[n++] = "--store";
  argv[n++] = store;
  for (; args && *args && n < 28; args++)
    argv[n++] = *args;
  argv[n++] = ref;
  argv[n] = NULL;
  pid = fork ();
  fx_check ((pid) >= (0), "fork: %s", strerror (errno));
  if (pid == 0)
    {
      char *envp[] = { home, runtime, "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
      int o = open (out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      int e = open (err, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

      if (o < 0 || e < 0 || dup2 (o, 1) < 0 || dup2 (e, 2) < 0)
        _exit (127);
      execve (argv[0], (char *const *)argv, envp);
      _exit (127);
    }
  fx_check ((waitpid (pid, &status, 0)) == (pid), "waitpid: %s", strerror (errno));
  run->status = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
  run->out = read_all (out);
  run->err = read_all (err);
  free (out), free (err), free (store), free (home), free (runtime);
}

void
pull_run_release (struct pull_run *run)
{
  free (run->out);
  free (run->err);
}

static int
count_lines (const char *path, const char *needle)
{
  char *text = read_all (path);
  int n = 0;

  for (char *p = text; (p = strstr (p, needle)); p++)
    n++;
  free (text);
  return n;
}

int
test_registry_blob_gets (struct test_registry *r)
{
  char *path;
  int n;

  fx_check ((asprintf (&path, "%s/registry.log", r->dir)) >= (0), "out of memory");
  /* The access log line: 127.0.0.1 - - [...] "GET /v2/test/busybox/blobs/sha256:... HTTP/1.1" 200 ... */
  n = count_lines (path, "\"GET /v2/test/busybox/blobs/");
  free (path);
  return n;
}

int
test_registry_manifest_gets (struct test_registry *r, const char *reference)
{
  char *path, *needle;
  int n;

  fx_check ((asprintf (&path, "%s/registry.log", r->dir)) >= (0), "out of memory");
  fx_check ((asprintf (&needle, "\"GET /v2/test/busybox/manifests/%s HTTP", reference)) >= (0), "out of memory");
  n = count_lines (path, needle);
  free (path);
  free (needle);
  return n;
}

int
test_registry_storage_requests (struct test_registry *r, bool with_authorization)
{
  char *path;
  int n;

  fx_check (asprintf (&path, "%s/storage-requests.log", r->dir) >= 0, "out of memory");
  n = count_lines (path, with_authorization ? "authorization=yes" : "GET /");
  free (path);
  return n;
}

int
test_registry_token_requests (struct test_registry *r, int status)
{
  char *path, needle[16];
  int n;

  fx_check ((asprintf (&path, "%s/token-requests.log", r->dir)) >= (0), "out of memory");
  snprintf (needle, sizeof needle, " %d\n", status);
  n = count_lines (path, needle);
  free (path);
  return n;
}

bool
test_registry_layer_has (struct test_registry *r, const char *layer_digest, const char *path)
{
  char *full;
  struct stat st;
  bool ok;

  fx_check ((asprintf (&full, "%s/store/layers/%s/%s", r->dir, layer_digest + 7, path)) >= (0), "out of memory");
  ok = lstat (full, &st) == 0;
  free (full);
  return ok;
}
