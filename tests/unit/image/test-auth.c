#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "image/registry/auth.h"

/* Challenges as registries send them (Docker Hub, GHCR, Quay, docker-registry's htpasswd). */
Test (unit_auth, docker_hub_bearer_challenge)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_auth_challenge c;

  cr_assert_eq (
      nsbox_auth_parse_challenge ("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                                  "scope=\"repository:library/busybox:pull\"",
                                  &c, &err),
      0);
  cr_expect_eq (c.scheme, NSBOX_AUTH_BEARER);
  cr_expect_str_eq (c.realm, "https://auth.docker.io/token");
  cr_expect_str_eq (c.service, "registry.docker.io");
  cr_expect_str_eq (c.scope, "repository:library/busybox:pull");
  nsbox_auth_challenge_release (&c);
}

Test (unit_auth, bearer_with_spaces_and_unquoted_values)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_auth_challenge c;

  cr_assert_eq (nsbox_auth_parse_challenge ("bearer  realm = https://ghcr.io/token , service=ghcr.io", &c, &err), 0);
  cr_expect_eq (c.scheme, NSBOX_AUTH_BEARER);
  cr_expect_str_eq (c.realm, "https://ghcr.io/token");
  cr_expect_str_eq (c.service, "ghcr.io");
  cr_expect_null (c.scope);
  nsbox_auth_challenge_release (&c);
}

Test (unit_auth, quoted_string_escapes_and_commas)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_auth_challenge c;

  cr_assert_eq (nsbox_auth_parse_challenge (
                    "Bearer realm=\"https://t/x\",scope=\"repository:a/b:pull,push\",service=\"a\\\"b\"", &c, &err),
                0);
  cr_expect_str_eq (c.scope, "repository:a/b:pull,push");
  cr_expect_str_eq (c.service, "a\"b");
  nsbox_auth_challenge_release (&c);
}

Test (unit_auth, basic_challenge)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_auth_challenge c;

  cr_assert_eq (nsbox_auth_parse_challenge ("Basic realm=\"Registry Realm\"", &c, &err), 0);
  cr_expect_eq (c.scheme, NSBOX_AUTH_BASIC);
  cr_expect_str_eq (c.realm, "Registry Realm");
  nsbox_auth_challenge_release (&c);
}

Test (unit_auth, unsupported_scheme_first_then_bearer)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_auth_challenge c;

  cr_assert_eq (nsbox_auth_parse_challenge ("Negotiate abc==, Bearer realm=\"https://r/t\",service=\"s\"", &c, &err),
                0);
  cr_expect_eq (c.scheme, NSBOX_AUTH_BEARER);
  cr_expect_str_eq (c.realm, "https://r/t");
  cr_expect_str_eq (c.service, "s");
  nsbox_auth_challenge_release (&c);
}

Test (unit_auth, first_supported_challenge_keeps_its_own_params)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_auth_challenge c;

  cr_assert_eq (nsbox_auth_parse_challenge ("Basic realm=\"one\", Bearer realm=\"https://two\"", &c, &err), 0);
  cr_expect_eq (c.scheme, NSBOX_AUTH_BASIC);
  cr_expect_str_eq (c.realm, "one");
  nsbox_auth_challenge_release (&c);
}

Test (unit_auth, unsupported_and_malformed_challenges_fail)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_auth_challenge c;

  cr_expect_lt (nsbox_auth_parse_challenge ("Digest realm=\"x\", nonce=\"y\"", &c, &err), 0);
  cr_expect_not_null (strstr (err->message, "unsupported"));
  cr_expect_lt (nsbox_auth_parse_challenge ("", &c, &err), 0);
  cr_expect_lt (nsbox_auth_parse_challenge ("Bearer service=\"x\"", &c, &err), 0);
  cr_expect_not_null (strstr (err->message, "without a realm"));
}

Test (unit_auth, user_password_split_at_first_colon)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_credentials cr;

  cr_assert_eq (nsbox_auth_parse_user_password ("alice:pa:ss", &cr, &err), 0);
  cr_expect_str_eq (cr.username, "alice");
  cr_expect_str_eq (cr.password, "pa:ss");
  nsbox_credentials_release (&cr);
  cr_expect_lt (nsbox_auth_parse_user_password ("nocolon", &cr, &err), 0);
  cr_expect_lt (nsbox_auth_parse_user_password (":x", &cr, &err), 0);
}

Test (unit_auth, base64)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_free_ char *a = NULL, *b = NULL;
  size_t n;

  cr_assert_eq (nsbox_auth_base64_decode ("dXNlcjpwYXNz", &a, &n, &err), 0);
  cr_expect_str_eq (a, "user:pass");
  cr_assert_eq (nsbox_auth_base64_decode ("YTpi+/8=", &b, &n, &err), 0);
  cr_expect_eq (n, 5);
  cr_expect_eq (memcmp (b, "a:b\xfb\xff", 5), 0);
  cr_expect_lt (nsbox_auth_base64_decode ("ab*c", &a, &n, &err), 0);
}

static char *
write_temp (const char *content)
{
  char *path = strdup ("/tmp/nsbox-auth-XXXXXX");
  int fd = mkstemp (path);
  FILE *f;

  cr_assert_geq (fd, 0);
  f = fdopen (fd, "w");
  fputs (content, f);
  fclose (f);
  return path;
}

static void
expect_creds (const char *const *files, const char *registry, const char *repo, const char *user, const char *pass)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_credentials cr;
  int ret = nsbox_auth_lookup_credentials (files, registry, repo, &cr, &err);

  cr_assert_geq (ret, 0, "%s", err ? err->message : "");
  if (user == NULL)
    {
      cr_expect_eq (ret, 0, "no credentials expected for %s/%s", registry, repo);
      return;
    }
  cr_assert_eq (ret, 1, "credentials expected for %s/%s", registry, repo);
  cr_expect_str_eq (cr.username, user);
  cr_expect_str_eq (cr.password, pass);
  nsbox_credentials_release (&cr);
}

Test (unit_auth, credentials_from_docker_config)
{
  _cleanup_free_ char *f = write_temp ("{\"auths\": {"
                                       "\"https://index.docker.io/v1/\": {\"auth\": \"aHViOmh1YnB3\"},"
                                       "\"localhost:5000\": {\"username\": \"u\", \"password\": \"p\"},"
                                       "\"quay.io\": {\"auth\": \"cTpxcA==\"},"
                                       "\"quay.io/team\": {\"auth\": \"dDp0cA==\"},"
                                       "\"http://10.0.0.1:5000/v2/\": {\"auth\": \"aXA6aXBw\"}"
                                       "}}");
  const char *files[] = { "/nonexistent/config.json", f, NULL };

  expect_creds (files, "docker.io", "library/busybox", "hub", "hubpw");
  expect_creds (files, "localhost:5000", "x", "u", "p");
  expect_creds (files, "quay.io", "other/app", "q", "qp");
  expect_creds (files, "quay.io", "team/app", "t", "tp");
  expect_creds (files, "quay.io", "teamx/app", "q", "qp");
  expect_creds (files, "10.0.0.1:5000", "a", "ip", "ipp");
  expect_creds (files, "localhost", "x", NULL, NULL);
  expect_creds (files, "ghcr.io", "x", NULL, NULL);
  unlink (f);
}

Test (unit_auth, first_file_with_a_match_wins)
{
  _cleanup_free_ char *a = write_temp ("{\"auths\": {\"r.io\": {\"auth\": \"YTph\"}}}");
  _cleanup_free_ char *b = write_temp ("{\"auths\": {\"r.io\": {\"auth\": \"Yjpi\"}, \"s.io\": {\"auth\": \"Yjpi\"}}}");
  const char *files[] = { a, b, NULL };

  expect_creds (files, "r.io", "x", "a", "a");
  expect_creds (files, "s.io", "x", "b", "b");
  unlink (a);
  unlink (b);
}

Test (unit_auth, malformed_auth_file_is_an_error)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_free_ char *bad = write_temp ("{\"auths\": ");
  _cleanup_free_ char *bad64 = write_temp ("{\"auths\": {\"r.io\": {\"auth\": \"!!!\"}}}");
  const char *f1[] = { bad, NULL }, *f2[] = { bad64, NULL };
  struct nsbox_credentials cr;

  cr_expect_lt (nsbox_auth_lookup_credentials (f1, "r.io", "x", &cr, &err), 0);
  cr_expect_not_null (strstr (err->message, bad));
  cr_expect_lt (nsbox_auth_lookup_credentials (f2, "r.io", "x", &cr, &err), 0);
  cr_expect_not_null (strstr (err->message, "field `auth`"));
  unlink (bad);
  unlink (bad64);
}

Test (unit_auth, token_response)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_free_ char *t1 = NULL, *t2 = NULL;
  const char *a = "{\"token\":\"abc.def\",\"expires_in\":300}";
  const char *b = "{\"access_token\":\"xyz\"}";
  const char *c = "{\"token\":\"a\\r\\nInjected: 1\"}";

  cr_assert_eq (nsbox_auth_parse_token_response (a, strlen (a), &t1, &err), 0);
  cr_expect_str_eq (t1, "abc.def");
  cr_assert_eq (nsbox_auth_parse_token_response (b, strlen (b), &t2, &err), 0);
  cr_expect_str_eq (t2, "xyz");
  cr_expect_lt (nsbox_auth_parse_token_response (c, strlen (c), &t1, &err), 0);
  cr_expect_lt (nsbox_auth_parse_token_response ("{}", 2, &t1, &err), 0);
  cr_expect_lt (nsbox_auth_parse_token_response ("<html>", 6, &t1, &err), 0);
}
