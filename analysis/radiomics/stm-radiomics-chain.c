/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-radiomics-chain.h"
#include <glib/gi18n.h>

#include <math.h>
#include <string.h>

#include "stm-discretise.h"
#include "stm-interpolate.h"
#include "stm-local-intensity.h"
#include "stm-resegment.h"

G_DEFINE_QUARK (stm-radiomics-error-quark, stm_radiomics_error)

/*
 * Source voxels kept beyond what a new point touches: linear and nearest
 * need one; the cubic spline's prefilter reaches further, its influence
 * falling by |sqrt(3) - 2| = 0.27 per voxel, so 24 more make the crop's
 * edge cost less than 1e-13 of the intensity range.
 */
#define SUPPORT_LINEAR 1
#define SUPPORT_CUBIC  26

/* An inclusive box of voxel indices. */
typedef struct
{
  gsize lo[3], hi[3];
} Box;

/* The image and mask on the grid the ROI is cut from, in double precision. */
typedef struct
{
  gsize   dims[3];
  double  spacing[3];
  double *intensity;
  double *mask;        /* 0 or 1, or the interpolated fraction */
} Region;

static void
region_free (Region *region)
{
  g_free (region->intensity);
  g_free (region->mask);
  g_free (region);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Region, region_free)

static gsize
box_voxels (const Box *box,
            gsize      dims[3])
{
  for (int a = 0; a < 3; a++)
    dims[a] = box->hi[a] - box->lo[a] + 1;
  return dims[0] * dims[1] * dims[2];
}

/* Same tolerances as the command line's check: 1 µm, and 1e-4 on directions. */
static gboolean
same_grid (const StmVolume *image,
           const StmVolume *mask,
           GError         **error)
{
  gboolean same = stm_volume_same_grid (image, mask);

  if (!same)
    g_set_error (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_GRID,
                 _("The mask (%zu x %zu x %zu voxels) is not on the image's grid "
                   "(%zu x %zu x %zu voxels, same origin, spacing and orientation); "
                   "resample it onto the image first"), mask->dims[0], mask->dims[1],
                 mask->dims[2], image->dims[0], image->dims[1], image->dims[2]);
  return same;
}

static double
voxel_at (const StmVolume *volume,
          gsize            x,
          gsize            y,
          gsize            z)
{
  if (volume->format == STM_VOXEL_FLOAT32)
    return stm_volume_float_data (volume)[(z * volume->dims[1] + y) * volume->dims[0] + x];
  return stm_volume_grey_at (volume, x, y, z);
}

static void
box_add (Box   *box,
         gsize  x,
         gsize  y,
         gsize  z,
         gboolean first)
{
  gsize p[3] = { x, y, z };

  for (int a = 0; a < 3; a++)
    {
      box->lo[a] = first ? p[a] : MIN (box->lo[a], p[a]);
      box->hi[a] = first ? p[a] : MAX (box->hi[a], p[a]);
    }
}

/* The bounding box of the mask's voxels > 0.5; FALSE when there is none. */
static gboolean
mask_bounding_box (const StmVolume *mask,
                   Box             *box)
{
  gboolean any = FALSE;
  const float *values = mask->format == STM_VOXEL_FLOAT32 ? mask->data : NULL;

  /* This pass reads the whole volume: keep it a tight loop over rows. */
  for (gsize z = 0; z < mask->dims[2]; z++)
    for (gsize y = 0; y < mask->dims[1]; y++)
      {
        const float *row = values ? values + (z * mask->dims[1] + y) * mask->dims[0] : NULL;
        for (gsize x = 0; x < mask->dims[0]; x++)
          if (row ? row[x] > 0.5f : voxel_at (mask, x, y, z) > 0.5)
            {
              box_add (box, x, y, z, !any);
              any = TRUE;
            }
      }
  return any;
}

/* Grey image values and the 0/1 mask of @box, as doubles. */
static Region *
region_copy (const StmVolume *image,
             const StmVolume *mask,
             const Box       *box,
             GError         **error)
{
  g_autoptr(Region) region = g_new0 (Region, 1);
  gsize n = box_voxels (box, region->dims), i = 0;

  memcpy (region->spacing, image->geometry.spacing, sizeof region->spacing);
  region->intensity = g_try_new (double, n);
  region->mask = g_try_new (double, n);
  if (region->intensity == NULL || region->mask == NULL)
    {
      g_set_error (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_TOO_LARGE,
                   _("The region (%zu x %zu x %zu voxels) does not fit in memory"),
                   region->dims[0], region->dims[1], region->dims[2]);
      return NULL;
    }
  for (gsize z = box->lo[2]; z <= box->hi[2]; z++)
    for (gsize y = box->lo[1]; y <= box->hi[1]; y++)
      for (gsize x = box->lo[0]; x <= box->hi[0]; x++, i++)
        {
          region->intensity[i] = voxel_at (image, x, y, z);
          region->mask[i] = voxel_at (mask, x, y, z) > 0.5 ? 1.0 : 0.0;
        }
  return g_steal_pointer (&region);
}

/*
 * The new grid's points (first..last) whose interpolated mask can be
 * above 0: those less than one source voxel from the mask's box, or any
 * beyond the volume's edge when the box touches it (the edge is repeated
 * outwards). A generous range; the ROI is cropped to the real mask later.
 */
static void
target_range (const StmGridAxis *axis,
              gsize              box_lo,
              gsize              box_hi,
              gsize              n_src,
              gsize             *first,
              gsize             *last)
{
  double lo = box_lo == 0 ? -INFINITY : (double) box_lo - 1;
  double hi = box_hi == n_src - 1 ? INFINITY : (double) box_hi + 1;
  double top = (double) (axis->n - 1);

  *first = (gsize) CLAMP (floor ((lo - axis->origin) / axis->step), 0, top);
  *last = (gsize) CLAMP (ceil ((hi - axis->origin) / axis->step), 0, top);
}

static void
source_range (const StmGridAxis *axis,
              gsize              first,
              gsize              last,
              gsize              support,
              gsize              n_src,
              gsize             *lo,
              gsize             *hi)
{
  double top = (double) (n_src - 1);
  double from = floor (axis->origin + (double) first * axis->step) - (double) support;
  double to = ceil (axis->origin + (double) last * axis->step) + (double) support;

  *lo = (gsize) CLAMP (from, 0, top);
  *hi = (gsize) CLAMP (to, 0, top);
}

/* The full grid's axes: "align grid centres", z untouched for 2d. */
static gboolean
full_axes (const StmVolume          *image,
           const StmRadiomicsConfig *config,
           StmGridAxis               axes[3],
           GError                  **error)
{
  for (int a = 0; a < 3; a++)
    {
      if (a == 2 && config->dimensions == STM_DIMS_2D)
        stm_grid_axis_identity (image->dims[2], &axes[2]);
      else if (!stm_grid_axis_align_centres (image->dims[a], image->geometry.spacing[a],
                                             config->spacing_mm[a], &axes[a], error))
        return FALSE;
    }
  return TRUE;
}

/*
 * Cuts the part of the full interpolation grid around the mask: @source is
 * the box of source voxels to read and @sub the new grid's points in that
 * box's coordinates. An untouched (2d z) axis keeps just the mask's slices.
 */
static void
plan_crop (const StmGridAxis         axes[3],
           const StmVolume          *image,
           const Box                *mask_box,
           const StmRadiomicsConfig *config,
           Box                      *source,
           StmGridAxis               sub[3])
{
  gsize support = config->image_interp == STM_INTERP_CUBIC ? SUPPORT_CUBIC : SUPPORT_LINEAR;

  for (int a = 0; a < 3; a++)
    {
      gsize first, last;
      if (a == 2 && config->dimensions == STM_DIMS_2D)
        {
          source->lo[2] = mask_box->lo[2];
          source->hi[2] = mask_box->hi[2];
          stm_grid_axis_identity (mask_box->hi[2] - mask_box->lo[2] + 1, &sub[2]);
          continue;
        }
      target_range (&axes[a], mask_box->lo[a], mask_box->hi[a], image->dims[a], &first, &last);
      source_range (&axes[a], first, last, support, image->dims[a], &source->lo[a],
                    &source->hi[a]);
      sub[a].n = last - first + 1;
      sub[a].step = axes[a].step;
      sub[a].origin = axes[a].origin + (double) first * axes[a].step - (double) source->lo[a];
    }
}

static Region *
region_interpolate (const StmVolume          *image,
                    const StmVolume          *mask,
                    const Box                *mask_box,
                    const StmRadiomicsConfig *config,
                    GCancellable             *cancellable,
                    GError                  **error)
{
  StmGridAxis axes[3], sub[3];
  Box source;

  if (!full_axes (image, config, axes, error))
    return NULL;
  plan_crop (axes, image, mask_box, config, &source, sub);

  g_autoptr(Region) copy = region_copy (image, mask, &source, error);
  if (copy == NULL)
    return NULL;
  g_autoptr(Region) region = g_new0 (Region, 1);
  region->intensity = stm_interpolate_grid (copy->intensity, copy->dims, sub,
                                            config->image_interp, cancellable, error);
  if (region->intensity == NULL)
    return NULL;
  region->mask = stm_interpolate_grid (copy->mask, copy->dims, sub, config->mask_interp,
                                       cancellable, error);
  if (region->mask == NULL)
    return NULL;
  for (int a = 0; a < 3; a++)
    {
      region->dims[a] = sub[a].n;
      gboolean kept = a == 2 && config->dimensions == STM_DIMS_2D;
      region->spacing[a] = kept ? image->geometry.spacing[a] : config->spacing_mm[a];
    }
  return g_steal_pointer (&region);
}

static double
mask_threshold (const StmRadiomicsConfig *config)
{
  return config->interpolate ? config->mask_threshold : 0.5;
}

/* The ROI's box inside the region: where the mask passes the threshold. */
static gboolean
region_mask_box (const Region *region,
                 double        threshold,
                 Box          *box)
{
  gboolean any = FALSE;
  gsize i = 0;

  for (gsize z = 0; z < region->dims[2]; z++)
    for (gsize y = 0; y < region->dims[1]; y++)
      for (gsize x = 0; x < region->dims[0]; x++, i++)
        if (stm_interpolate_mask_keeps (region->mask[i], threshold))
          {
            box_add (box, x, y, z, !any);
            any = TRUE;
          }
  return any;
}

/* Intensities (rounded when asked, 68QD) and the morphological mask of @box. */
static StmRoi *
roi_from_region (const Region             *region,
                 const Box                *box,
                 const StmRadiomicsConfig *config)
{
  StmRoi *roi = g_new0 (StmRoi, 1);
  gsize n = box_voxels (box, roi->dims), i = 0;
  gboolean rounding = config->interpolate && config->round_intensities;
  double threshold = mask_threshold (config);

  memcpy (roi->spacing, region->spacing, sizeof roi->spacing);
  roi->intensity = g_new (float, n);
  roi->morph_mask = g_new (guint8, n);
  roi->int_mask = g_new (guint8, n);
  roi->levels = g_new (int, n);
  roi->ivh_levels = g_new (int, n);
  for (gsize z = box->lo[2]; z <= box->hi[2]; z++)
    for (gsize y = box->lo[1]; y <= box->hi[1]; y++)
      for (gsize x = box->lo[0]; x <= box->hi[0]; x++, i++)
        {
          gsize r = (z * region->dims[1] + y) * region->dims[0] + x;
          double v = region->intensity[r];
          roi->intensity[i] = (float) (rounding ? stm_interpolate_round (v) : v);
          roi->morph_mask[i] = stm_interpolate_mask_keeps (region->mask[r], threshold);
          roi->n_morph_voxels += roi->morph_mask[i];
        }
  return roi;
}

static gboolean
resegment_roi (StmRoi                   *roi,
               const StmRadiomicsConfig *config,
               double                    range[2],
               GError                  **error)
{
  gsize n = roi->dims[0] * roi->dims[1] * roi->dims[2];

  stm_resegment_range (roi->intensity, roi->morph_mask, n, config, range);
  roi->n_int_voxels = stm_resegment_apply (roi->intensity, roi->morph_mask, n, range,
                                           roi->int_mask);
  if (roi->n_int_voxels > 0)
    return TRUE;
  g_set_error (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_EMPTY,
               _("Re-segmentation to intensities %g to %g leaves no voxel of the region"),
               range[0], range[1]);
  return FALSE;
}

static gboolean
discretise_roi (StmRoi                   *roi,
                const StmRadiomicsConfig *config,
                GError                  **error)
{
  gsize n = roi->dims[0] * roi->dims[1] * roi->dims[2];
  /*
   * FBS, "none" and the IVH's range G follow the range the user set, not
   * the outlier filter's data-driven bounds: the manual's "re-segmentation
   * range" is the set one, kept the same for every patient.
   */
  double lower = config->has_range_min ? config->range_min : -INFINITY;
  double ivh_range[2] = { lower, config->has_range_max ? config->range_max : INFINITY };

  return stm_discretise_levels (roi->intensity, roi->int_mask, n, &config->discretisation,
                                lower, roi->levels, &roi->n_levels, error) &&
         stm_discretise_ivh (roi->intensity, roi->int_mask, n, &config->ivh, ivh_range,
                             roi->ivh_levels, &roi->ivh_n_levels, &roi->ivh_values,
                             roi->ivh_range, error);
}

static gboolean
discretisation_valid (const StmDiscretisation *d)
{
  return d->method == STM_DISCRETISE_NONE ||
         (d->method == STM_DISCRETISE_FBS && d->bin_width > 0 && isfinite (d->bin_width)) ||
         (d->method == STM_DISCRETISE_FBN && d->bins >= 1);
}

/* A configuration built in code rather than read from JSON gets the same checks. */
static gboolean
config_valid (const StmRadiomicsConfig *config,
              GError                  **error)
{
  gboolean interpolation_ok = !config->interpolate ||
    ((config->image_interp == STM_INTERP_NEAREST || config->image_interp == STM_INTERP_LINEAR ||
      config->image_interp == STM_INTERP_CUBIC) &&
     (config->mask_interp == STM_INTERP_NEAREST || config->mask_interp == STM_INTERP_LINEAR) &&
     config->mask_threshold > 0 && config->mask_threshold <= 1);

  if (interpolation_ok && discretisation_valid (&config->discretisation) &&
      discretisation_valid (&config->ivh))
    return TRUE;
  g_set_error_literal (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_CONFIG,
                       _("The radiomics configuration is incomplete: an interpolation method, "
                         "threshold, bin width or bin number is missing or out of range"));
  return FALSE;
}

/*
 * Local intensity (IBSI 3.2) averages a 1 cm3 sphere around ROI voxels,
 * taken from the image, not the ROI: the ROI grid keeps that much of the
 * image around the mask, with both masks 0 there.
 */
static void
grow_box (Box *box, const double spacing[3], const gsize dims[3], gsize extra)
{
  for (int a = 0; a < 3; a++)
    {
      gsize m = (gsize) ceil (STM_LOCAL_INTENSITY_RADIUS_MM / spacing[a]) + extra;
      box->lo[a] = box->lo[a] > m ? box->lo[a] - m : 0;
      box->hi[a] = MIN (box->hi[a] + m, dims[a] - 1);
    }
}

static Region *
make_region (const StmVolume          *image,
             const StmVolume          *mask,
             const StmRadiomicsConfig *config,
             GCancellable             *cancellable,
             GError                  **error)
{
  Box box;

  if (!config_valid (config, error) || !same_grid (image, mask, error))
    return NULL;
  if (!mask_bounding_box (mask, &box))
    {
      g_set_error_literal (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_EMPTY,
                           _("The mask is empty: no voxel of it is above 0.5"));
      return NULL;
    }
  /* One voxel more when interpolating: the new grid's margin needs its neighbours. */
  grow_box (&box, image->geometry.spacing, image->dims, config->interpolate ? 1 : 0);
  if (!config->interpolate)
    return region_copy (image, mask, &box, error);
  return region_interpolate (image, mask, &box, config, cancellable, error);
}

StmRoi *
stm_radiomics_prepare (const StmVolume          *image,
                       const StmVolume          *mask,
                       const StmRadiomicsConfig *config,
                       GCancellable             *cancellable,
                       GError                  **error)
{
  g_autoptr(Region) region = NULL;
  g_autoptr(StmRoi) roi = NULL;
  double range[2];
  Box box;

  g_return_val_if_fail (image != NULL && mask != NULL && config != NULL, NULL);

  region = make_region (image, mask, config, cancellable, error);
  if (region == NULL)
    return NULL;
  if (!region_mask_box (region, mask_threshold (config), &box))
    {
      g_set_error (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_EMPTY,
                   _("No voxel is left in the mask after interpolation: every interpolated "
                     "value is below the partial-volume threshold %g"), config->mask_threshold);
      return NULL;
    }
  grow_box (&box, region->spacing, region->dims, 0);
  roi = roi_from_region (region, &box, config);
  g_clear_pointer (&region, region_free);
  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !resegment_roi (roi, config, range, error) ||
      !discretise_roi (roi, config, error))
    return NULL;
  return g_steal_pointer (&roi);
}
