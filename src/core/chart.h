/*
 * chart.h - charts as plain drawing lists. Pure: a chart is built from her
 * data (sessions, goals, plan, comfort ladder) into a list of primitives in
 * an abstract coordinate space of width x height units; web/svg-chart.c
 * draws that list as SVG for /progress, and the PDF report draws the same
 * list with cairo. Nothing here knows SVG, cairo or colours: each primitive
 * carries an "ink" (a role) that each renderer maps to its own palette
 * (CSS classes for light and dark in SVG, fixed print colours in PDF).
 *
 * Coordinates: x grows to the right, y grows downwards, (0,0) is the top
 * left corner, as in both SVG and cairo.
 */
#ifndef PACE_CHART_H
#define PACE_CHART_H

#include <stdbool.h>
#include <stddef.h>

/* What a primitive stands for; renderers map each to a colour and style. */
enum chart_ink {
    INK_AXIS = 0, /* axis lines and tick marks */
    INK_GRID,     /* light grid lines */
    INK_TEXT,     /* labels, tick text */
    INK_MUTED,    /* secondary text, "no data" notes */
    INK_FEAR,
    INK_TENSION,
    INK_PAIN,
    INK_SIZE,  /* the diameter she practised */
    INK_GOAL,  /* a goal's range band or ring */
    INK_PLAN,  /* what her program plans (sessions per week) */
    INK_DONE,  /* what she did (sessions per week) */
    INK_SPASM, /* spasms */
    INK_ANXIETY, /* comfort ladder: anxiety */
    INK_COUNT
};

enum chart_prim_kind {
    PRIM_LINE,     /* x1,y1 -> x2,y2 */
    PRIM_POLYLINE, /* pts[0..npts) joined in order */
    PRIM_RECT,     /* x1,y1 top left; w,h size */
    PRIM_CIRCLE,   /* centre x1,y1; radius r */
    PRIM_TEXT,     /* text at x1,y1 (baseline), anchored by anchor */
};

enum chart_anchor { ANCHOR_START = 0, ANCHOR_MIDDLE, ANCHOR_END };

struct chart_point {
    double x, y;
};

struct chart_prim {
    enum chart_prim_kind kind;
    enum chart_ink ink;
    double x1, y1, x2, y2; /* see the kinds */
    double w, h;           /* PRIM_RECT */
    double r;              /* PRIM_CIRCLE */
    struct chart_point *pts; /* PRIM_POLYLINE; owned */
    size_t npts;
    bool filled;    /* RECT, CIRCLE: filled (else stroked only) */
    bool dashed;    /* LINE, POLYLINE, RECT, CIRCLE outline */
    double opacity; /* 0..1 for fills (bands); 1 = opaque */
    double stroke;  /* stroke width in units; 0 = the renderer's default */
    double size;    /* PRIM_TEXT font size in units; 0 = default */
    bool bold;      /* PRIM_TEXT */
    enum chart_anchor anchor; /* PRIM_TEXT */
    char *text;     /* PRIM_TEXT; owned, UTF-8 */
};

/* One legend entry: the ink and its words (owned). */
struct chart_legend {
    enum chart_ink ink;
    bool dashed;
    char *label;
};

struct chart {
    double width, height; /* the coordinate space */
    char *title;          /* owned; short, for <title> and the heading */
    char *desc;           /* owned; one or two sentences for <desc> */
    bool empty;           /* no data in the period: the list holds a note */
    struct chart_prim *prims;
    size_t nprims, cap;
    struct chart_legend *legend;
    size_t nlegend;
};

void chart_init(struct chart *c, double width, double height);
void chart_free(struct chart *c);

#endif
