/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-frame-allocator.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

/* Measured with bench/run-view-bench.sh: scrolling a magnified 1024 x 768
 * view under GTK's cairo renderer took 53 ms a frame with glibc's
 * defaults and 29 ms with these; memory while scrolling was unchanged. */
#define OWN_MAPPING_FROM (32u << 20)
#define KEEP_FREE_UP_TO  (64u << 20)

void
stm_frame_allocator_init (void)
{
#ifdef __GLIBC__
  /* Setting either turns off glibc's own adjustment of both, so the trim
   * threshold alone would be worse than nothing: where the mapping
   * threshold is refused (32-bit glibc caps it at 16 MiB or less), both
   * stay glibc's. */
  if (mallopt (M_MMAP_THRESHOLD, OWN_MAPPING_FROM) == 1)
    mallopt (M_TRIM_THRESHOLD, KEEP_FREE_UP_TO);
#endif
}
