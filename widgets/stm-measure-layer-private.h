/* SPDX-License-Identifier: GPL-3.0-or-later */
/* StmMeasureLayer internals shared by its state and input code
 * (stm-measure-layer.c) and its drawing (stm-measure-layer-draw.c). */
#pragma once

#include "stm-measure-layer.h"
#include "stm-slice-view.h"

G_BEGIN_DECLS

/* Screen distances, logical pixels. */
#define HANDLE_PICK    7.0   /* a press this close to a handle grabs it */
#define HANDLE_SIZE    6.0   /* side of a drawn handle */
#define BODY_PICK      5.0   /* this close to a line selects its measurement */
#define MIN_EXTENT     3.0   /* a shorter drag makes no measurement */
#define FREEHAND_STEP  2.0   /* between the points of a traced outline */
#define LABEL_OFFSET   8.0
#define MOVE_ALL       G_MAXUINT   /* "handle" for dragging the whole measurement */

typedef enum
{
  MODE_IDLE,
  MODE_DRAWING,    /* a drag makes a distance, an ellipse or a freehand outline */
  MODE_CLICKING,   /* clicks place the points of an angle or a polygon */
  MODE_EDITING,    /* a handle (or the whole measurement) follows the pointer */
} Mode;

struct _StmMeasureLayer
{
  GtkWidget           parent_instance;

  StmMeasurementList *list;
  StmMeasureTool      tool;
  GArray             *us_regions;       /* StmUsRegion, given to every list */
  StmMeasurement     *selected;

  /* The parent, when it is a slice view, and our keys installed on it. */
  StmSliceView       *view;
  GtkEventController *view_keys;

  Mode                mode;
  /* The measurement being made. */
  StmMeasurementKind  draft_kind;
  guint               draft_slice;
  GArray             *draft;            /* StmVoxelPoint */
  gboolean            has_hover;
  StmVoxelPoint       hover;            /* where the next click would go */
  /* The measurement being edited: which handle, and its points so far. */
  StmMeasurement     *editing;
  guint               handle;
  StmVoxelPoint       grab;
  GArray             *edit_points;      /* StmVoxelPoint */
  gboolean            edit_moved;

  /* Where this frame's labels went, so the next keeps clear of them. */
  GArray             *placed_labels;    /* graphene_rect_t */

  /* The drag gesture reports no click count; the layer counts presses. */
  guint32             last_press_time;
  double              last_press_x, last_press_y;
};

StmVolume           *_stm_measure_layer_current_volume      (StmMeasureLayer     *self);
guint                _stm_measure_layer_current_slice       (StmMeasureLayer     *self);
void                 _stm_measure_layer_to_screen           (StmMeasureLayer     *self,
                                                             const StmVoxelPoint *p,
                                                             double              *x,
                                                             double              *y);
gboolean             _stm_measure_kind_has_handles          (StmMeasurementKind   kind);
const StmVoxelPoint *_stm_measure_layer_shown_points        (StmMeasureLayer     *self,
                                                             StmMeasurement      *m,
                                                             guint               *n);
GPtrArray           *_stm_measure_layer_slice_measurements  (StmMeasureLayer     *self);
void                 _stm_measure_layer_snapshot            (GtkWidget           *widget,
                                                             GtkSnapshot         *snapshot);

G_END_DECLS
