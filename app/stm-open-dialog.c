/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-open-dialog.h"

#include <glib/gi18n.h>

typedef struct
{
  GWeakRef        owner;
  StmOpenCallback callback;
  StmOpenKind     kind;
} OpenRequest;

static OpenRequest *
open_request_new (GObject *owner, StmOpenCallback callback, StmOpenKind kind)
{
  OpenRequest *request = g_new0 (OpenRequest, 1);

  g_weak_ref_init (&request->owner, owner);
  request->callback = callback;
  request->kind = kind;
  return request;
}

static void
open_request_free (OpenRequest *request)
{
  g_weak_ref_clear (&request->owner);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenRequest, open_request_free)

/* Hands the chosen files of @model (GFile items) to the owner, if it lives. */
static void
open_request_deliver (OpenRequest *request, GListModel *model)
{
  g_autoptr(GObject) owner = g_weak_ref_get (&request->owner);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = model ? g_list_model_get_n_items (model) : 0;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (files, g_list_model_get_item (model, i));
  if (owner != NULL && files->len > 0)
    request->callback (owner, (GFile **) files->pdata, files->len);
}

static const char *
dialog_title (StmOpenKind kind)
{
  switch (kind)
    {
    case STM_OPEN_FOLDER: return _("Open Study Folder");
    case STM_OPEN_MASK: return _("Open Mask");
    case STM_OPEN_FILES:
    default: return _("Open DICOM Files");
    }
}

/* A filter list: NIfTI for masks, everything for DICOM (often no extension). */
static GListStore *
dialog_filters (StmOpenKind kind)
{
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (kind == STM_OPEN_MASK)
    {
      gtk_file_filter_set_name (filter, _("NIfTI images"));
      gtk_file_filter_add_pattern (filter, "*.nii");
      gtk_file_filter_add_pattern (filter, "*.nii.gz");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("All files"));
      gtk_file_filter_add_pattern (filter, "*");
    }
  g_list_store_append (filters, filter);
  return filters;
}

#if GTK_CHECK_VERSION (4, 10, 0)

G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static void
dialog_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(OpenRequest) request = data;
  GtkFileDialog *dialog = GTK_FILE_DIALOG (source);
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GFile) file = NULL;

  if (request->kind == STM_OPEN_FILES)
    model = gtk_file_dialog_open_multiple_finish (dialog, result, NULL);
  else
    {
      if (request->kind == STM_OPEN_FOLDER)
        file = gtk_file_dialog_select_folder_finish (dialog, result, NULL);
      else
        file = gtk_file_dialog_open_finish (dialog, result, NULL);
      if (file != NULL)
        {
          GListStore *store = g_list_store_new (G_TYPE_FILE);

          g_list_store_append (store, file);
          model = G_LIST_MODEL (store);
        }
    }
  open_request_deliver (request, model);
}

void
stm_open_dialog_show (GtkWindow       *parent,
                      StmOpenKind      kind,
                      GFile           *initial_folder,
                      GObject         *owner,
                      StmOpenCallback  callback)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListStore) filters = dialog_filters (kind);
  OpenRequest *request = open_request_new (owner, callback, kind);

  gtk_file_dialog_set_title (dialog, dialog_title (kind));
  gtk_file_dialog_set_modal (dialog, TRUE);
  gtk_file_dialog_set_initial_folder (dialog, initial_folder);
  if (kind != STM_OPEN_FOLDER)
    gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  switch (kind)
    {
    case STM_OPEN_FOLDER:
      gtk_file_dialog_select_folder (dialog, parent, NULL, dialog_done_cb, request);
      break;
    case STM_OPEN_MASK:
      gtk_file_dialog_open (dialog, parent, NULL, dialog_done_cb, request);
      break;
    case STM_OPEN_FILES:
    default:
      gtk_file_dialog_open_multiple (dialog, parent, NULL, dialog_done_cb, request);
      break;
    }
}

G_GNUC_END_IGNORE_DEPRECATIONS

#else

static void
native_response_cb (GtkNativeDialog *native, int response, gpointer data)
{
  g_autoptr(OpenRequest) request = data;
  g_autoptr(GListModel) model = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    model = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));
  open_request_deliver (request, model);
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

void
stm_open_dialog_show (GtkWindow       *parent,
                      StmOpenKind      kind,
                      GFile           *initial_folder,
                      GObject         *owner,
                      StmOpenCallback  callback)
{
  gboolean folder = kind == STM_OPEN_FOLDER;
  GtkFileChooserNative *native =
    gtk_file_chooser_native_new (dialog_title (kind), parent,
                                 folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                        : GTK_FILE_CHOOSER_ACTION_OPEN,
                                 _("_Open"), _("_Cancel"));
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (native);
  g_autoptr(GListStore) filters = dialog_filters (kind);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_select_multiple (chooser, kind == STM_OPEN_FILES);
  if (initial_folder != NULL)
    gtk_file_chooser_set_current_folder (chooser, initial_folder, NULL);
  if (!folder)
    {
      g_autoptr(GtkFileFilter) filter = g_list_model_get_item (G_LIST_MODEL (filters), 0);

      gtk_file_chooser_add_filter (chooser, filter);
    }
  g_signal_connect (native, "response", G_CALLBACK (native_response_cb),
                    open_request_new (owner, callback, kind));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

#endif
