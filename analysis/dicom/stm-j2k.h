/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Decodes one JPEG 2000 codestream (J2K or JP2, HTJ2K included) with
 * OpenJPEG into samples of @bits_allocated bits, host byte order,
 * pixel-interleaved. DCMTK 3.6.7 has no JPEG 2000 decoder of its own.
 */
gboolean stm_j2k_decode (const guint8 *data,
                         gsize         length,
                         guint         columns,
                         guint         rows,
                         guint         samples,
                         guint         bits_allocated,
                         guint8       *out,
                         gsize         out_size,
                         GError      **error);

G_END_DECLS
