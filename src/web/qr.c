/*
 * qr.c - a QR code drawn by the server as inline SVG (Debian's libqrencode):
 * one path of unit squares, with a quiet zone, scaled by CSS. Nothing is
 * fetched from anyone.
 */
#include "web/qr.h"

#include "web/html.h"

#include <qrencode.h>
#include <stdio.h>

bool html_qr(struct req *r, const char *text, const char *label)
{
    QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (q == NULL)
        return false;
    const int quiet = 4, w = q->width, size = w + 2 * quiet;
    char vb[32];
    snprintf(vb, sizeof vb, "0 0 %d %d", size, size);
    html_printf(r,
                "<svg class=\"qr\" role=\"img\" aria-label=\"%s\" viewBox=\"%s\" "
                "shape-rendering=\"crispEdges\"><rect class=\"qr-bg\" width=\"%d\" "
                "height=\"%d\"/><path class=\"qr-fg\" d=\"",
                label, vb, size, size);
    struct buf d = {0};
    for (int y = 0; y < w; y++)
        for (int x = 0; x < w; x++)
            if (q->data[y * w + x] & 1)
                buf_printf(&d, "M%d %dh1v1h-1z", x + quiet, y + quiet);
    html_printf(r, "%R\"/></svg>", d.data ? d.data : "");
    buf_free(&d);
    QRcode_free(q);
    return true;
}
