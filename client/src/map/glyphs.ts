// How labels get their glyphs without any glyph server.
//
// MapLibre 6 draws every glyph in the browser with TinySDF from the page's own fonts when the style has
// no `glyphs` URL (GlyphManager: `!this.url` → `_drawGlyph`). So the style leaves `glyphs` out, the symbol
// layers name a CJK system font stack as `text-font`, and `localIdeographFontFamily` names the same
// stack for ideographs. No request for fonts or glyph PBFs ever leaves the page.

/** CSS font stack for CJK labels, tried in order; the generic family is appended by MapLibre. */
export const LABEL_FONT_STACK = [
  'Noto Sans CJK SC',
  'Source Han Sans SC',
  'WenQuanYi Micro Hei',
  'Microsoft YaHei',
  'PingFang SC',
];

export const LOCAL_IDEOGRAPH_FONT_FAMILY =
  "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', 'PingFang SC', sans-serif";
