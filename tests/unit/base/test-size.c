#include <criterion/criterion.h>
#include <string.h>

#include "base/cleanup.h"
#include "base/size.h"

Test (unit_size, sizes_take_k_m_g_suffixes)
{
  uint64_t v;

  cr_assert_eq (nsbox_parse_size ("4096", &v, NULL), 0);
  cr_assert_eq (v, 4096);
  cr_assert_eq (nsbox_parse_size ("64m", &v, NULL), 0);
  cr_assert_eq (v, 64ULL << 20);
  cr_assert_eq (nsbox_parse_size ("2G", &v, NULL), 0);
  cr_assert_eq (v, 2ULL << 30);
  cr_assert_eq (nsbox_parse_size ("512k", &v, NULL), 0);
  cr_assert_eq (v, 512ULL << 10);
}

Test (unit_size, bad_sizes_are_refused_with_a_message)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  uint64_t v;

  cr_assert_lt (nsbox_parse_size ("12q", &v, &err), 0);
  cr_assert_not_null (strstr (err->message, "12q"));
  cr_assert_lt (nsbox_parse_size ("-1", &v, NULL), 0);
  cr_assert_lt (nsbox_parse_size ("", &v, NULL), 0);
  cr_assert_lt (nsbox_parse_size ("99999999999999999999g", &v, NULL), 0);
  cr_assert_lt (nsbox_parse_size ("17179869184g", &v, NULL), 0);
}

Test (unit_size, durations_are_fractional_seconds)
{
  uint64_t ms;

  cr_assert_eq (nsbox_parse_seconds ("2.5", &ms, NULL), 0);
  cr_assert_eq (ms, 2500);
  cr_assert_eq (nsbox_parse_seconds ("0.001", &ms, NULL), 0);
  cr_assert_eq (ms, 1);
  cr_assert_lt (nsbox_parse_seconds ("-1", &ms, NULL), 0);
  cr_assert_lt (nsbox_parse_seconds ("nan", &ms, NULL), 0);
  cr_assert_lt (nsbox_parse_seconds ("1s", &ms, NULL), 0);
}

Test (unit_size, sizes_are_written_exactly_in_the_largest_unit)
{
  char buf[NSBOX_SIZE_STRING_MAX];

  cr_expect_str_eq (nsbox_format_size (2ULL << 30, buf), "2g");
  cr_expect_str_eq (nsbox_format_size (512ULL << 20, buf), "512m");
  cr_expect_str_eq (nsbox_format_size (1536ULL << 20, buf), "1536m");
  cr_expect_str_eq (nsbox_format_size (64ULL << 10, buf), "64k");
  cr_expect_str_eq (nsbox_format_size (1000, buf), "1000");
  cr_expect_str_eq (nsbox_format_size (0, buf), "0");
  cr_expect_str_eq (nsbox_format_size (UINT64_MAX, buf), "18446744073709551615");
}

Test (unit_size, every_written_size_reads_back)
{
  const uint64_t sizes[] = { 0, 1, 1023, 1024, 4096, 3ULL << 20, (1ULL << 30) + (1ULL << 10), 7ULL << 30,
                             UINT64_MAX >> 30 << 30, UINT64_MAX };
  char buf[NSBOX_SIZE_STRING_MAX];

  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
    {
      uint64_t back = 0;

      nsbox_format_size (sizes[i], buf);
      cr_assert_eq (nsbox_parse_size (buf, &back, NULL), 0, "%s", buf);
      cr_expect_eq (back, sizes[i], "%s", buf);
    }
}
