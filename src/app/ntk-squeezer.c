/* ntk-squeezer.c — shows the first child that fits at its natural width, else the last one
 *
 * Copyright 2026 The NTK Lab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ntk-squeezer.h"

struct _NtkSqueezer
{
  GtkWidget  parent_instance;

  GtkWidget *visible_child;
};

G_DEFINE_FINAL_TYPE (NtkSqueezer, ntk_squeezer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VISIBLE_CHILD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ntk_squeezer_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? G_MAXINT : 0;
  *natural = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_get_visible (child))
        continue;
      /* Heights are asked for without a width: the child shown is not known yet. */
      gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        *minimum = MIN (*minimum, child_min);   /* the most compact child is always possible */
      else
        *minimum = MAX (*minimum, child_min);
      *natural = MAX (*natural, child_nat);     /* the widest child is what we would like */
    }

  if (*minimum == G_MAXINT)
    *minimum = 0;
  *natural = MAX (*natural, *minimum);
}

static void
ntk_squeezer_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  NtkSqueezer *self = NTK_SQUEEZER (widget);
  GtkWidget *chosen = NULL;
  int chosen_nat = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_get_visible (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
      chosen = child;
      chosen_nat = child_nat;
      /* Natural, not minimum: tabs squeezed below their natural width cut their labels. */
      if (child_nat <= width)
        break;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_child_visible (child, child == chosen);

  if (chosen != NULL)
    {
      int w = MIN (width, chosen_nat);
      int min_w;

      gtk_widget_measure (chosen, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
      w = MAX (w, MIN (min_w, width));
      gtk_widget_allocate (chosen, w, height, baseline,
                           gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT ((width - w) / 2, 0)));
    }

  if (chosen != self->visible_child)
    {
      self->visible_child = chosen;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_CHILD]);
    }
}

GtkWidget *
ntk_squeezer_new (void)
{
  return g_object_new (NTK_TYPE_SQUEEZER, NULL);
}

GtkWidget *
ntk_squeezer_get_visible_child (NtkSqueezer *self)
{
  g_return_val_if_fail (NTK_IS_SQUEEZER (self), NULL);
  return self->visible_child;
}

static void
ntk_squeezer_dispose (GObject *object)
{
  NtkSqueezer *self = NTK_SQUEEZER (object);
  GtkWidget *child;

  self->visible_child = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ntk_squeezer_parent_class)->dispose (object);
}

static void
ntk_squeezer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  NtkSqueezer *self = NTK_SQUEEZER (object);

  switch (prop_id)
    {
    case PROP_VISIBLE_CHILD:
      g_value_set_object (value, self->visible_child);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ntk_squeezer_class_init (NtkSqueezerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ntk_squeezer_dispose;
  object_class->get_property = ntk_squeezer_get_property;
  widget_class->measure = ntk_squeezer_measure;
  widget_class->size_allocate = ntk_squeezer_size_allocate;

  /* The child shown (notified after the allocation that changed it). */
  properties[PROP_VISIBLE_CHILD] =
    g_param_spec_object ("visible-child", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "squeezer");
}

static void
ntk_squeezer_init (NtkSqueezer *self)
{
}
