#include <criterion/criterion.h>
#include <string.h>

#include "base/cleanup.h"
#include "image/registry/reference.h"

#define D64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void
expect (const char *text, const char *registry, const char *api_host, const char *repository, const char *tag,
        const char *digest)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_reference ref;

  cr_assert_eq (nsbox_reference_parse (text, &ref, &err), 0, "parse `%s`: %s", text, err ? err->message : "");
  cr_expect_str_eq (ref.registry, registry, "registry of `%s`", text);
  cr_expect_str_eq (ref.api_host, api_host, "api host of `%s`", text);
  cr_expect_str_eq (ref.repository, repository, "repository of `%s`", text);
  if (tag)
    cr_expect_str_eq (ref.tag, tag, "tag of `%s`", text);
  else
    cr_expect_null (ref.tag, "tag of `%s`", text);
  if (digest)
    cr_expect_str_eq (ref.digest, digest, "digest of `%s`", text);
  else
    cr_expect_null (ref.digest, "digest of `%s`", text);
  nsbox_reference_release (&ref);
}

static void
expect_invalid (const char *text, const char *message_part)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_reference ref;

  cr_assert_lt (nsbox_reference_parse (text, &ref, &err), 0, "`%s` must be rejected", text);
  cr_assert_not_null (err);
  cr_expect_not_null (strstr (err->message, message_part), "`%s`: message `%s` lacks `%s`", text, err->message,
                      message_part);
  cr_expect_null (ref.repository);
}

Test (unit_reference, bare_name_is_docker_hub_library_latest)
{
  expect ("busybox", "docker.io", "registry-1.docker.io", "library/busybox", "latest", NULL);
}

Test (unit_reference, namespaced_name_on_docker_hub_keeps_namespace)
{
  expect ("bitnami/redis:7.2", "docker.io", "registry-1.docker.io", "bitnami/redis", "7.2", NULL);
}

Test (unit_reference, explicit_docker_io_gets_library_prefix)
{
  expect ("docker.io/alpine:3.19", "docker.io", "registry-1.docker.io", "library/alpine", "3.19", NULL);
  expect ("docker.io/library/alpine", "docker.io", "registry-1.docker.io", "library/alpine", "latest", NULL);
}

Test (unit_reference, docker_hub_aliases_are_normalised)
{
  expect ("index.docker.io/debian", "docker.io", "registry-1.docker.io", "library/debian", "latest", NULL);
  expect ("registry-1.docker.io/x/y:1", "docker.io", "registry-1.docker.io", "x/y", "1", NULL);
}

Test (unit_reference, first_component_with_dot_is_registry)
{
  expect ("quay.io/podman/stable", "quay.io", "quay.io", "podman/stable", "latest", NULL);
  expect ("ghcr.io/a/b/c:v1.0", "ghcr.io", "ghcr.io", "a/b/c", "v1.0", NULL);
}

Test (unit_reference, other_registries_get_no_library_prefix)
{
  expect ("quay.io/busybox", "quay.io", "quay.io", "busybox", "latest", NULL);
}

Test (unit_reference, first_component_with_port_is_registry)
{
  expect ("myhost:5000/app", "myhost:5000", "myhost:5000", "app", "latest", NULL);
  expect ("127.0.0.1:5000/test/busybox:v2", "127.0.0.1:5000", "127.0.0.1:5000", "test/busybox", "v2", NULL);
}

Test (unit_reference, localhost_is_registry)
{
  expect ("localhost/app:dev", "localhost", "localhost", "app", "dev", NULL);
  expect ("localhost:5000/app", "localhost:5000", "localhost:5000", "app", "latest", NULL);
}

Test (unit_reference, upper_case_first_component_is_registry)
{
  expect ("MyRegistry/app", "MyRegistry", "MyRegistry", "app", "latest", NULL);
}

Test (unit_reference, plain_first_component_is_namespace)
{
  expect ("localhostx/app", "docker.io", "registry-1.docker.io", "localhostx/app", "latest", NULL);
  expect ("foo/bar/baz", "docker.io", "registry-1.docker.io", "foo/bar/baz", "latest", NULL);
}

Test (unit_reference, ipv6_registry) { expect ("[::1]:5000/app:1", "[::1]:5000", "[::1]:5000", "app", "1", NULL); }

Test (unit_reference, digest_only_has_no_tag)
{
  expect ("busybox@sha256:" D64, "docker.io", "registry-1.docker.io", "library/busybox", NULL, "sha256:" D64);
}

Test (unit_reference, tag_and_digest_are_both_kept)
{
  expect ("localhost:5000/a:v1@sha256:" D64, "localhost:5000", "localhost:5000", "a", "v1", "sha256:" D64);
}

Test (unit_reference, port_colon_is_not_a_tag)
{
  expect ("registry.local:443/team/app", "registry.local:443", "registry.local:443", "team/app", "latest", NULL);
}

Test (unit_reference, separators_inside_components)
{
  expect ("a.b/x_y__z-w---v.q:T_1.2-3", "a.b", "a.b", "x_y__z-w---v.q", "T_1.2-3", NULL);
}

Test (unit_reference, upper_case_repository_is_rejected)
{
  expect_invalid ("Busybox", "invalid repository");
  expect_invalid ("quay.io/Podman/stable", "invalid repository");
}

Test (unit_reference, empty_and_malformed_names_are_rejected)
{
  expect_invalid ("", "missing repository");
  expect_invalid ("quay.io/", "missing repository");
  expect_invalid ("a//b", "invalid repository");
  expect_invalid ("/a", "invalid repository");
  expect_invalid ("a/", "invalid repository");
  expect_invalid ("-a", "invalid repository");
  expect_invalid ("a-", "invalid repository");
  expect_invalid ("a..b", "invalid repository");
  expect_invalid ("a___b", "invalid repository");
  expect_invalid ("a b", "invalid repository");
  expect_invalid ("../../etc", "invalid");
  expect_invalid ("a/../b", "invalid repository");
}

Test (unit_reference, bad_tags_are_rejected)
{
  expect_invalid ("busybox:", "invalid tag");
  expect_invalid ("busybox:.x", "invalid tag");
  expect_invalid ("busybox:a/b", "invalid registry");
  expect_invalid ("busybox:-x", "invalid tag");
  expect_invalid ("busybox:"
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                  "invalid tag");
}

Test (unit_reference, bad_digests_are_rejected)
{
  expect_invalid ("busybox@sha256:abc", "invalid digest");
  expect_invalid ("busybox@md5:" D64, "invalid digest");
  expect_invalid ("busybox@sha256:"
                  "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
                  "invalid digest");
  expect_invalid ("busybox@", "invalid digest");
}

Test (unit_reference, bad_registries_are_rejected)
{
  expect_invalid ("-bad.io/app", "invalid registry");
  expect_invalid ("host:port/app", "invalid registry");
  expect_invalid ("host:123456/app", "invalid registry");
  expect_invalid ("ho_st.io/app", "invalid registry");
  expect_invalid ("[zz]:5000/app", "invalid registry");
}

Test (unit_reference, overlong_name_is_rejected)
{
  char name[300];

  memset (name, 'a', sizeof name - 1);
  name[sizeof name - 1] = '\0';
  expect_invalid (name, "longer than");
}

Test (unit_reference, format_is_canonical)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_reference ref;
  _cleanup_free_ char *s1 = NULL, *s2 = NULL, *n = NULL;

  cr_assert_eq (nsbox_reference_parse ("busybox", &ref, &err), 0);
  s1 = nsbox_reference_format (&ref);
  n = nsbox_reference_name (&ref);
  cr_expect_str_eq (s1, "docker.io/library/busybox:latest");
  cr_expect_str_eq (n, "docker.io/library/busybox");
  cr_expect (nsbox_reference_is_docker_hub (&ref));
  nsbox_reference_release (&ref);

  cr_assert_eq (nsbox_reference_parse ("localhost:5000/a@sha256:" D64, &ref, &err), 0);
  s2 = nsbox_reference_format (&ref);
  cr_expect_str_eq (s2, "localhost:5000/a@sha256:" D64);
  cr_expect_not (nsbox_reference_is_docker_hub (&ref));
  nsbox_reference_release (&ref);
}
