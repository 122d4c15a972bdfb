/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stm_frame_allocator_init(): a freed frame-sized block stays in the
 * process for the next frame; a volume-sized one is still returned. */
#include <glib.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "stm-frame-allocator.h"

#define FRAME_BYTES  (8u << 20)     /* a 1920 x 1080 RGBA surface, and then some */
#define VOLUME_BYTES (96u << 20)

#ifdef __GLIBC__
static void
touch (volatile guint8 *p, gsize n)
{
  for (gsize i = 0; i < n; i += 4096)
    p[i] = 1;
}

/* Under a sanitizer or Valgrind malloc is theirs, and glibc counts nothing. */
static gboolean
glibc_allocates (void)
{
  void *probe = g_malloc (64);
  gboolean counted = mallinfo2 ().arena > 0;

  g_free (probe);
  return counted;
}

static void
test_frame_blocks_kept (void)
{
  size_t mapped_before = mallinfo2 ().hblks;
  guint8 *frame;

  if (!glibc_allocates ())
    {
      g_test_skip ("malloc is not glibc's here (a sanitizer or Valgrind)");
      return;
    }

  stm_frame_allocator_init ();
  frame = g_malloc (FRAME_BYTES);
  touch (frame, FRAME_BYTES);
  /* From the heap, not a mapping of its own that free() would unmap. */
  g_assert_cmpuint (mallinfo2 ().hblks, ==, mapped_before);
  g_free (frame);
  /* And not trimmed away: the top of the heap still holds it. */
  g_assert_cmpuint (mallinfo2 ().keepcost, >=, FRAME_BYTES);
}

static void
test_volume_blocks_returned (void)
{
  size_t mapped_before;
  guint8 *volume;

  if (!glibc_allocates ())
    {
      g_test_skip ("malloc is not glibc's here (a sanitizer or Valgrind)");
      return;
    }
  stm_frame_allocator_init ();
  mapped_before = mallinfo2 ().hblks;
  volume = g_malloc (VOLUME_BYTES);
  g_assert_cmpuint (mallinfo2 ().hblks, ==, mapped_before + 1);
  g_free (volume);
  g_assert_cmpuint (mallinfo2 ().hblks, ==, mapped_before);
}
#endif

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#ifdef __GLIBC__
  g_test_add_func ("/frame-allocator/frame-blocks-kept", test_frame_blocks_kept);
  g_test_add_func ("/frame-allocator/volume-blocks-returned", test_volume_blocks_returned);
#endif
  return g_test_run ();
}
