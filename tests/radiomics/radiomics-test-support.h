/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the radiomics tests: the IBSI 1 digital phantom and its reference values. */
#pragma once

#include "stm-feature-table.h"
#include "stm-roi.h"

G_BEGIN_DECLS

/*
 * The IBSI 1 digital phantom as a ROI with the manual's settings: no
 * interpolation, no re-segmentation, grey levels = intensities (1..6),
 * intensity mask = morphological mask, IVH without discretisation.
 * NULL (test skipped, or failed under CI) when ../shared is absent.
 */
StmRoi  *stm_test_phantom_roi (void);

/*
 * Checks every row of the reference CSV whose family is @family (and whose
 * aggregation code is in @aggregations, a NULL-terminated list, or any when
 * NULL) against @table: within the tolerance where one is given, else equal
 * to 3 significant digits. Prints a table of feature, expected and got for
 * each miss and fails the test; returns the number of rows checked.
 */
guint    stm_test_check_reference (const StmFeatureTable *table,
                                   const char            *family,
                                   const char * const    *aggregations);

G_END_DECLS
