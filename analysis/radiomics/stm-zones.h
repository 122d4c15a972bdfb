/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What GLSZM, GLDZM, NGTDM and NGLDM share (IBSI 3.8 to 3.11): voxel
 * neighbourhoods, zones of linked voxels with one grey level, the distance
 * of each voxel to the ROI edge, and a sparse grey level x j count matrix
 * (j a zone size, a zone distance or a dependence count) with the features
 * GLSZM, GLDZM and NGLDM define on it, aggregated per slice (2D), over
 * merged slices (2.5D) or in 3D.
 */
#pragma once

#include "stm-feature-table.h"

G_BEGIN_DECLS

/* ---- neighbourhoods ------------------------------------------------- */

/* The voxels within Chebyshev distance delta of a voxel (within its slice
 * when planar), the voxel itself excluded. */
typedef struct
{
  gsize    dims[3];
  gboolean planar;
  guint    delta;
  guint    n_offsets;   /* the most neighbours a voxel has */
  gssize  *offsets;     /* index offsets of a voxel away from the grid's faces */
} StmNeighbours;

StmNeighbours *stm_neighbours_new  (const gsize          dims[3],
                                    gboolean             planar,
                                    guint                delta);
void           stm_neighbours_free (StmNeighbours       *neighbours);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmNeighbours, stm_neighbours_free)

/* Writes the indices of @voxel's neighbours inside the grid to @out (room
 * for n_offsets) and returns how many there are. */
guint          stm_neighbours_get  (const StmNeighbours *neighbours,
                                    gsize                voxel,
                                    gsize               *out);

/* ---- zones ---------------------------------------------------------- */

/*
 * Zones of @levels (> 0 inside the mask): 8-connected within each slice
 * when planar, else 26-connected. Zones are numbered slice by slice, so
 * the zones of group g are group_start[g] .. group_start[g + 1] - 1.
 */
typedef struct
{
  gsize    n_zones;
  guint32 *labels;        /* per voxel: zone + 1, 0 outside the mask */
  int     *zone_level;    /* n_zones grey levels */
  gsize   *zone_size;     /* n_zones voxel counts */
  guint    n_groups;      /* nz when planar, else 1 */
  gsize   *group_start;   /* n_groups + 1 zone indices */
  gsize   *group_voxels;  /* n_groups voxel counts (N_v) */
} StmZones;

StmZones *stm_zones_label (const int   *levels,
                           const gsize  dims[3],
                           gboolean     planar);
void      stm_zones_free  (StmZones    *zones);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmZones, stm_zones_free)

/*
 * Distance of each voxel of @mask to the ROI edge (IBSI 3.9): 1 on the
 * edge, plus the number of 4-connected (planar, within the slice) or
 * 6-connected steps to leave the mask; 0 outside. The grid's outside
 * counts as outside the mask.
 */
void stm_zones_edge_distance (const guint8 *mask,
                              const gsize   dims[3],
                              gboolean      planar,
                              guint        *distance);

/* ---- count matrices ------------------------------------------------- */

typedef struct
{
  int   level;
  guint j;
} StmZonePair;

/* One zone (or neighbourhood) per pair, grouped by slice like StmZones. */
typedef struct
{
  StmZonePair *pairs;
  gsize        n_pairs;
  guint        n_groups;
  gsize       *group_start;   /* n_groups + 1 pair indices */
  gsize       *group_voxels;  /* n_groups voxel counts (N_v) */
} StmZonePairs;

StmZonePairs *stm_zone_pairs_new           (gsize           n_pairs,
                                            guint           n_groups);
/* One pair per zone, with the zone's level and group; j is left 0. */
StmZonePairs *stm_zone_pairs_new_for_zones (const StmZones *zones);
void          stm_zone_pairs_free          (StmZonePairs   *pairs);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmZonePairs, stm_zone_pairs_free)

typedef struct
{
  int    level;
  guint  j;
  double count;
} StmMatrixCell;

/* The non-zero cells of a grey level x j matrix, sorted by level, then j. */
typedef struct
{
  StmMatrixCell *cells;
  gsize          n_cells;
  guint          max_level;
  guint          max_j;
  double         n_voxels;    /* N_v */
} StmZoneMatrix;

StmZoneMatrix *stm_zone_matrix_new  (const StmZonePair *pairs,
                                     gsize              n_pairs,
                                     double             n_voxels);
void           stm_zone_matrix_free (StmZoneMatrix     *matrix);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmZoneMatrix, stm_zone_matrix_free)

/* The features on a grey level (i) x j matrix; the family names them. */
typedef enum
{
  STM_ZM_SMALL_J,          /* small zone / small distance / low dependence emphasis */
  STM_ZM_LARGE_J,
  STM_ZM_LOW_GREY,
  STM_ZM_HIGH_GREY,
  STM_ZM_SMALL_J_LOW_GREY,
  STM_ZM_SMALL_J_HIGH_GREY,
  STM_ZM_LARGE_J_LOW_GREY,
  STM_ZM_LARGE_J_HIGH_GREY,
  STM_ZM_GREY_NU,
  STM_ZM_GREY_NU_NORM,
  STM_ZM_J_NU,
  STM_ZM_J_NU_NORM,
  STM_ZM_PERCENTAGE,
  STM_ZM_GREY_VARIANCE,
  STM_ZM_J_VARIANCE,
  STM_ZM_J_ENTROPY,
  STM_ZM_J_ENERGY,
  STM_ZM_N_FEATURES
} StmZoneFeature;

/* Every StmZoneFeature of @matrix; NaN for an empty matrix. */
void stm_zone_matrix_features (const StmZoneMatrix *matrix,
                               double               values[STM_ZM_N_FEATURES]);

typedef struct
{
  const char     *name;
  const char     *ibsi_code;
  StmZoneFeature  feature;
} StmZoneFeatureName;

/*
 * Adds @names of @family to @out three times: averaged over the groups
 * (slices) of @planar that hold voxels (8QNN), from the merged matrix of
 * all of them (62GR), and from @volume's single group (KOBO).
 */
void stm_zone_pairs_add_features (const StmZonePairs       *planar,
                                  const StmZonePairs       *volume,
                                  const char               *family,
                                  const StmZoneFeatureName *names,
                                  guint                     n_names,
                                  StmFeatureTable          *out);

G_END_DECLS
