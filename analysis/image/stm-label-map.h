/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A label map: one label (0 = none, 1..255) per voxel on the grid of an
 * image volume, each label with a name and a colour. Drawn over a slice as
 * a translucent fill plus a contour per label, by the viewer and by
 * stratum-cli render through the same function.
 */
#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "stm-view-transform.h"
#include "stm-volume.h"

G_BEGIN_DECLS

#define STM_LABEL_MAP_ERROR (stm_label_map_error_quark ())
GQuark stm_label_map_error_quark (void);

typedef enum
{
  STM_LABEL_MAP_ERROR_GRID,      /* not on the image's grid */
  STM_LABEL_MAP_ERROR_VALUES,    /* values that are not labels 0..255 */
} StmLabelMapError;

typedef struct
{
  guint8    value;               /* 1..255 */
  char     *name;
  guint32   rgb;                 /* 0xRRGGBB */
  gboolean  visible;
} StmLabel;

typedef struct _StmLabelMap StmLabelMap;

struct _StmLabelMap
{
  /*< public, read-only >*/
  gsize        dims[3];
  StmGeometry  geometry;
  guint8      *data;             /* x fastest, then y, then z */
  GArray      *labels;           /* StmLabel, by increasing value */

  /*< private >*/
  gint         ref_count;
};

#define STM_TYPE_LABEL_MAP (stm_label_map_get_type ())
GType        stm_label_map_get_type        (void) G_GNUC_CONST;

/* An empty map on the grid of @image. */
StmLabelMap *stm_label_map_new             (const StmVolume   *image,
                                            GError           **error);
/* The labels held in @labels (whole numbers 0..255 on a float volume);
 * every value present gets a label with a default name and colour. */
StmLabelMap *stm_label_map_new_from_volume (const StmVolume   *labels,
                                            GError           **error);
StmLabelMap *stm_label_map_ref             (StmLabelMap       *map);
void         stm_label_map_unref           (StmLabelMap       *map);

/* Valid until the next stm_label_map_set_label() (the array may move). */
const StmLabel *stm_label_map_find_label   (const StmLabelMap *map,
                                            guint8             value);
/* Adds label @value or renames and recolours it. */
void         stm_label_map_set_label       (StmLabelMap       *map,
                                            guint8             value,
                                            const char        *name,
                                            guint32            rgb);
void         stm_label_map_set_visible     (StmLabelMap       *map,
                                            guint8             value,
                                            gboolean           visible);
const guint8 *stm_label_map_slice          (const StmLabelMap *map,
                                            gsize              k);

/*
 * Draws slice @k of @map onto @cr through @transform: each visible label as
 * a fill of its colour at @opacity (0..1) and an opaque contour one pixel
 * of @cr's target wide along the voxel edges where the label ends (in the
 * widget, whose cairo node records at scale 1, a logical pixel).
 */
void         stm_label_map_draw            (const StmLabelMap      *map,
                                            cairo_t                *cr,
                                            gsize                   k,
                                            const StmViewTransform *transform,
                                            double                  opacity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmLabelMap, stm_label_map_unref)

G_END_DECLS
