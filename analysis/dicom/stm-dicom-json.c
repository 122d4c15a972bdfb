/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A collection as JSON: what `stratum-cli info` prints. */
#include "stm-dicom-json.h"

#include "stm-series-geometry.h"

static void
add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL && *value != '\0')
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b, const char *name, gint64 value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_doubles (JsonBuilder *b, const char *name, const double *values, guint n)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    json_builder_add_double_value (b, values[i]);
  json_builder_end_array (b);
}

static void
add_string_array (JsonBuilder *b, const char *name, GPtrArray *strings)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < strings->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (strings, i));
  json_builder_end_array (b);
}

static void
add_windows (JsonBuilder *b, const StmDicomHeader *h)
{
  json_builder_set_member_name (b, "window_presets");
  json_builder_begin_array (b);
  for (guint i = 0; h->windows != NULL && i < h->windows->len; i++)
    {
      StmWindowPreset *w = &g_array_index (h->windows, StmWindowPreset, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "center");
      json_builder_add_double_value (b, w->center);
      json_builder_set_member_name (b, "width");
      json_builder_add_double_value (b, w->width);
      add_string (b, "explanation", w->explanation);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* What the viewer needs besides windows: padding, VOI LUT, MONOCHROME1. */
static void
add_display_extras (JsonBuilder *b, const StmDicomHeader *h)
{
  json_builder_set_member_name (b, "pixel_padding_value");
  if (h->has_padding)
    json_builder_add_int_value (b, h->padding_value);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "voi_lut");
  if (h->voi_lut.n_entries > 0)
    {
      json_builder_begin_object (b);
      add_int (b, "entries", h->voi_lut.n_entries);
      add_int (b, "first_mapped", h->voi_lut.first_mapped);
      add_int (b, "bits", h->voi_lut.bits);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "modality_lut");
  json_builder_add_boolean_value (b, h->modality_lut.n_entries > 0);
}

static void
add_us_regions (JsonBuilder *b, const StmDicomHeader *h)
{
  json_builder_set_member_name (b, "ultrasound_regions");
  json_builder_begin_array (b);
  for (guint i = 0; h->us_regions != NULL && i < h->us_regions->len; i++)
    {
      StmUsRegion *r = &g_array_index (h->us_regions, StmUsRegion, i);
      double bounds[4] = { r->min_x0, r->min_y0, r->max_x1, r->max_y1 };
      double delta[2] = { r->delta_x, r->delta_y };
      json_builder_begin_object (b);
      add_doubles (b, "bounds", bounds, 4);
      add_int (b, "spatial_format", r->spatial_format);
      add_int (b, "data_type", r->data_type);
      add_int (b, "units_x", r->units_x);
      add_int (b, "units_y", r->units_y);
      add_doubles (b, "physical_delta", delta, 2);
      if (r->has_reference)
        {
          double ref[2] = { r->reference_x0, r->reference_y0 };
          add_doubles (b, "reference_pixel", ref, 2);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_transfer_syntaxes (JsonBuilder *b, StmSeries *s)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  json_builder_set_member_name (b, "transfer_syntaxes");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->instances->len; i++)
    {
      StmDicomHeader *h = g_ptr_array_index (s->instances, i);
      if (h->transfer_syntax_uid == NULL ||
          !g_hash_table_add (seen, h->transfer_syntax_uid))
        continue;
      json_builder_begin_object (b);
      add_string (b, "uid", h->transfer_syntax_uid);
      add_string (b, "name", h->transfer_syntax_name);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_geometry (JsonBuilder *b, StmSeries *s, const StmDicomHeader *first)
{
  StmGeometry g;
  g_autoptr(GArray) plan = stm_series_plan_volume (s, &g);
  double orientation[6] = { g.axes[0][0], g.axes[0][1], g.axes[0][2],
                            g.axes[1][0], g.axes[1][1], g.axes[1][2] };

  add_int (b, "slices", plan->len);
  add_doubles (b, "spacing", g.spacing, 3);
  add_doubles (b, "origin", g.origin, 3);
  add_doubles (b, "orientation", orientation, 6);
  add_doubles (b, "stacking_direction", g.axes[2], 3);
  add_doubles (b, "pixel_aspect_ratio", first->pixel_aspect, 2);
  /* Whether the orientation above is the file's or assumed, and what the
   * file said instead. */
  json_builder_set_member_name (b, "orientation_known");
  json_builder_add_boolean_value (b, !g.orientation_unknown);
  json_builder_set_member_name (b, "patient_orientation");
  if (g.patient_orientation[0][0] != '\0')
    {
      json_builder_begin_array (b);
      json_builder_add_string_value (b, g.patient_orientation[0]);
      json_builder_add_string_value (b, g.patient_orientation[1]);
      json_builder_end_array (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "frame_time_ms");
  if (first->frame_time_ms > 0)
    json_builder_add_double_value (b, first->frame_time_ms);
  else
    json_builder_add_null_value (b);
}

static void
add_series (JsonBuilder *b, StmSeries *s)
{
  const StmDicomHeader *first = g_ptr_array_index (s->instances, 0);

  json_builder_begin_object (b);
  add_string (b, "id", s->id);
  add_string (b, "uid", s->uid);
  add_int (b, "number", s->number);
  add_string (b, "modality", s->modality);
  add_string (b, "description", s->description);
  add_string (b, "frame_of_reference_uid", s->frame_of_reference_uid);
  add_string (b, "acquisition_date", first->acquisition_date);
  add_int (b, "instances", s->instances->len);
  add_int (b, "frames", stm_series_n_frames (s));
  add_int (b, "rows", first->rows);
  add_int (b, "columns", first->columns);
  add_int (b, "samples_per_pixel", first->samples_per_pixel);
  add_int (b, "bits_allocated", first->bits_allocated);
  add_int (b, "bits_stored", first->bits_stored);
  add_string (b, "photometric_interpretation", first->photometric);
  add_transfer_syntaxes (b, s);
  add_geometry (b, s, first);
  add_windows (b, first);
  add_display_extras (b, first);
  add_us_regions (b, first);
  add_string_array (b, "warnings", s->warnings);
  json_builder_end_object (b);
}

static void
add_study (JsonBuilder *b, StmStudy *study)
{
  json_builder_begin_object (b);
  add_string (b, "uid", study->uid);
  add_string (b, "date", study->date);
  add_string (b, "time", study->time);
  add_string (b, "description", study->description);
  add_string (b, "accession_number", study->accession_number);
  json_builder_set_member_name (b, "series");
  json_builder_begin_array (b);
  for (guint i = 0; i < study->series->len; i++)
    add_series (b, g_ptr_array_index (study->series, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
add_patient (JsonBuilder *b, StmPatient *p)
{
  json_builder_begin_object (b);
  add_string (b, "id", p->id);
  add_string (b, "name", p->name);
  add_string (b, "birth_date", p->birth_date);
  add_string (b, "sex", p->sex);
  json_builder_set_member_name (b, "studies");
  json_builder_begin_array (b);
  for (guint i = 0; i < p->studies->len; i++)
    add_study (b, g_ptr_array_index (p->studies, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
add_others (JsonBuilder *b, StmDicomCollection *c)
{
  json_builder_set_member_name (b, "skipped");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->skipped->len; i++)
    {
      StmSkippedFile *s = g_ptr_array_index (c->skipped, i);
      json_builder_begin_object (b);
      add_string (b, "path", s->path);
      add_string (b, "error", s->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "other_objects");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->other_objects->len; i++)
    {
      StmDicomHeader *h = g_ptr_array_index (c->other_objects, i);
      json_builder_begin_object (b);
      add_string (b, "path", h->path);
      add_string (b, "modality", h->modality);
      add_string (b, "sop_class_uid", h->sop_class_uid);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

JsonNode *
stm_dicom_collection_to_json (StmDicomCollection *c)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_int (b, "files", c->n_files);
  json_builder_set_member_name (b, "patients");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->patients->len; i++)
    add_patient (b, g_ptr_array_index (c->patients, i));
  json_builder_end_array (b);
  add_others (b, c);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
