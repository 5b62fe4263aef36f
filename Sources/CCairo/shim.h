// Cairo (Debian's libcairo2-dev): one drawing, rendered to PNG and SVG surfaces.
#include <cairo/cairo.h>
#include <cairo/cairo-svg.h>
