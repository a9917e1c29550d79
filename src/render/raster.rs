//! A software rasterizer for egui's tessellated meshes: fills the triangles
//! a GPU would, with per-vertex colours, textures (the font atlas) sampled
//! bilinearly and premultiplied-alpha blending in gamma space, as egui's own
//! renderers do. Anti-aliasing comes from egui's feathered edges, so a plain
//! pixel-centre coverage test is enough.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use epaint::{ClippedPrimitive, ImageData, ImageDelta, Primitive, TextureId, Vertex};
use epaint::{Color32, ColorImage};

/// Textures by id, kept up to date from egui's texture deltas.
#[derive(Default)]
pub struct Textures {
    map: HashMap<TextureId, ColorImage>,
}

impl Textures {
    /// Applies one texture update (a whole image or a patch of one).
    pub fn apply(&mut self, id: TextureId, delta: &ImageDelta) {
        let ImageData::Color(image) = &delta.image;
        match delta.pos {
            None => {
                self.map.insert(id, image.as_ref().clone());
            }
            Some([x, y]) => {
                let Some(t) = self.map.get_mut(&id) else {
                    return;
                };
                let [w, h] = image.size;
                let [tw, th] = t.size;
                for row in 0..h.min(th.saturating_sub(y)) {
                    let n = w.min(tw.saturating_sub(x));
                    let dst = (y + row) * tw + x;
                    t.pixels[dst..dst + n].copy_from_slice(&image.pixels[row * w..row * w + n]);
                }
            }
        }
    }

    /// Whether a texture with this id is known.
    #[must_use]
    pub fn has(&self, id: TextureId) -> bool {
        self.map.contains_key(&id)
    }
}

/// Fills `prims` (in points) into an image of `size` pixels at
/// `pixels_per_point`, over `background`, on every core.
#[must_use]
pub fn rasterize(
    prims: &[ClippedPrimitive],
    textures: &Textures,
    size: [usize; 2],
    pixels_per_point: f32,
    background: Color32,
) -> ColorImage {
    rasterize_with_lines(
        prims,
        &[],
        textures,
        size,
        pixels_per_point,
        background,
        cores(),
    )
}

/// A picture for the canvas: `prims`, then `lines`, filled onto a
/// transparent image of `size` pixels on `threads` threads, with `texture`
/// as egui's default texture (its font atlas, or white for meshes that use
/// no text).
#[must_use]
pub fn picture(
    prims: &[ClippedPrimitive],
    lines: &[Hairline],
    texture: ColorImage,
    size: [usize; 2],
    pixels_per_point: f32,
    threads: usize,
) -> ColorImage {
    let never = AtomicBool::new(false);
    picture_unless(
        prims,
        lines,
        texture,
        size,
        pixels_per_point,
        threads,
        &never,
    )
}

/// [`picture`] that stops early when `cancel` is set (the image is then
/// unfinished and should be dropped).
#[must_use]
pub fn picture_unless(
    prims: &[ClippedPrimitive],
    lines: &[Hairline],
    texture: ColorImage,
    size: [usize; 2],
    pixels_per_point: f32,
    threads: usize,
    cancel: &AtomicBool,
) -> ColorImage {
    let mut textures = Textures::default();
    textures.apply(
        TextureId::default(),
        &ImageDelta::full(texture, epaint::textures::TextureOptions::LINEAR),
    );
    fill_bands(
        prims,
        lines,
        &textures,
        size,
        pixels_per_point,
        Color32::TRANSPARENT,
        threads,
        cancel,
    )
}

/// How many threads a fill may use: the machine's cores.
#[must_use]
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// A line one pixel wide, anti-aliased, drawn over the triangles (see
/// [`rasterize_with_lines`]): `from`, `to` in points, premultiplied colour.
#[derive(Clone, Copy, Debug)]
pub struct Hairline {
    /// One end.
    pub from: epaint::Pos2,
    /// The other end.
    pub to: epaint::Pos2,
    /// Its colour at full coverage.
    pub color: Color32,
}

/// [`rasterize`] on at most `threads` threads (the image is cut into bands
/// of rows, each filled by its own thread from all the triangles), then
/// `lines` over the triangles. A hairline costs two pixels per step along
/// its longer axis (Wu's algorithm), where the same line as feathered
/// triangles costs four triangles' worth of rows: the zoomed-out picture
/// of 8,000 arrows is filled several times faster.
#[must_use]
pub fn rasterize_with_lines(
    prims: &[ClippedPrimitive],
    lines: &[Hairline],
    textures: &Textures,
    size: [usize; 2],
    pixels_per_point: f32,
    background: Color32,
    threads: usize,
) -> ColorImage {
    let never = AtomicBool::new(false);
    fill_bands(
        prims,
        lines,
        textures,
        size,
        pixels_per_point,
        background,
        threads,
        &never,
    )
}

/// [`rasterize_with_lines`], giving up early when `cancel` is set.
#[expect(clippy::too_many_arguments, reason = "one place fills for all callers")]
fn fill_bands(
    prims: &[ClippedPrimitive],
    lines: &[Hairline],
    textures: &Textures,
    size: [usize; 2],
    pixels_per_point: f32,
    background: Color32,
    threads: usize,
    cancel: &AtomicBool,
) -> ColorImage {
    let [width, height] = size;
    let mut pixels = vec![background; width * height];
    // Below a few dozen rows a band is not worth a thread.
    let bands = threads.clamp(1, 8).min(height / 32).max(1);
    let rows = height.div_ceil(bands).max(1);
    let fill = |(i, band): (usize, &mut [Color32])| {
        let mut target = Target {
            pixels: band,
            width,
            top: i * rows,
            height,
            cancel,
        };
        target.fill(prims, textures, pixels_per_point);
        for (n, line) in lines.iter().enumerate() {
            if n % CANCEL_CHECK == 0 && cancel.load(Ordering::Relaxed) {
                return;
            }
            target.hairline(line, pixels_per_point);
        }
    };
    if bands == 1 || width == 0 {
        fill((0, &mut pixels));
    } else {
        std::thread::scope(|s| {
            for band in pixels.chunks_mut(rows * width).enumerate() {
                s.spawn(move || fill(band));
            }
        });
    }
    ColorImage::new(size, pixels)
}

/// `v.floor()` without the library call `f32::floor` becomes on x86-64's
/// baseline (no SSE4.1): a fifth of the filling time went there. Exact for
/// the magnitudes of pixel coordinates (|v| < 2^23); beyond, `v` itself.
fn floor(v: f32) -> f32 {
    if v.is_nan() || v.abs() >= 8_388_608.0 {
        return v;
    }
    let t = v as i32 as f32;
    if t > v { t - 1.0 } else { t }
}

/// How far (pixels) past an edge a row span reaches, against rounding.
const SLACK: f32 = 1e-3;

fn px(v: f32, max: usize) -> usize {
    (floor(v + 0.5).max(0.0) as usize).min(max)
}

fn premul(c: Color32) -> [f32; 4] {
    [
        f32::from(c.r()),
        f32::from(c.g()),
        f32::from(c.b()),
        f32::from(c.a()),
    ]
}

/// A band of rows of the image being filled.
struct Target<'a> {
    /// Premultiplied RGBA, 8 bits a channel like a GPU's framebuffer (a
    /// float buffer four times the size cost more in page faults than the
    /// filling itself). Rows `top..top + pixels.len() / width`.
    pixels: &'a mut [Color32],
    width: usize,
    /// The band's first row.
    top: usize,
    /// The whole image's height.
    height: usize,
    /// Set when the picture is no longer wanted.
    cancel: &'a AtomicBool,
}

/// How many triangles or lines are filled between looks at the cancel flag.
const CANCEL_CHECK: usize = 4096;

/// The edge function: twice the signed area of `a`, `b`, `p`.
fn edge(a: [f32; 2], b: [f32; 2], p: [f32; 2]) -> f32 {
    (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])
}

impl Target<'_> {
    fn fill(&mut self, prims: &[ClippedPrimitive], textures: &Textures, pixels_per_point: f32) {
        let size = [self.width, self.height];
        let bottom = self.top + self.pixels.len() / self.width.max(1);
        for prim in prims {
            let Primitive::Mesh(mesh) = &prim.primitive else {
                continue;
            };
            let c = prim.clip_rect;
            let clip = [
                px(c.min.x * pixels_per_point, size[0]),
                px(c.min.y * pixels_per_point, size[1]).max(self.top),
                px(c.max.x * pixels_per_point, size[0]),
                px(c.max.y * pixels_per_point, size[1]).min(bottom),
            ];
            if clip[0] >= clip[2] || clip[1] >= clip[3] {
                continue;
            }
            let texture = textures.map.get(&mesh.texture_id);
            for (n, tri) in mesh.indices.chunks_exact(3).enumerate() {
                if n % CANCEL_CHECK == 0 && self.cancel.load(Ordering::Relaxed) {
                    return;
                }
                let v = |i: u32| mesh.vertices.get(i as usize);
                if let (Some(a), Some(b), Some(c)) = (v(tri[0]), v(tri[1]), v(tri[2])) {
                    self.triangle([a, b, c], pixels_per_point, clip, texture);
                }
            }
        }
    }

    /// Blends `color` scaled by `coverage` into pixel (x, y) if in the band.
    fn plot(&mut self, x: i64, y: i64, color: [f32; 4], coverage: f32) {
        let rows = self.pixels.len() / self.width.max(1);
        let (Ok(x), Ok(y)) = (usize::try_from(x), usize::try_from(y)) else {
            return;
        };
        if x >= self.width || y < self.top || y >= self.top + rows || coverage <= 0.0 {
            return;
        }
        let dst = &mut self.pixels[(y - self.top) * self.width + x];
        let keep = 1.0 - color[3] * coverage / 255.0;
        let d = premul(*dst);
        let out = |ch: usize| (color[ch] * coverage + d[ch] * keep + 0.5) as u8;
        *dst = Color32::from_rgba_premultiplied(out(0), out(1), out(2), out(3));
    }

    /// Wu's anti-aliased line: along the longer axis, each pixel centre
    /// shares the line's coverage between the two pixels across it, scaled
    /// so that a diagonal line is as heavy as a straight one. Only the rows
    /// of this band are visited.
    fn hairline(&mut self, line: &Hairline, ppp: f32) {
        let (a, b) = (line.from * ppp, line.to * ppp);
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        if !(dx.is_finite() && dy.is_finite()) || (dx == 0.0 && dy == 0.0) {
            return;
        }
        let color = premul(line.color);
        let rows = self.pixels.len() / self.width.max(1);
        let (top, bottom) = (self.top as f32, (self.top + rows) as f32);
        let steep = dy.abs() > dx.abs();
        // Walk the major axis (u) in pixel centres; v is the minor axis.
        let (u0, v0, u1, v1) = if steep {
            (a.y, a.x, b.y, b.x)
        } else {
            (a.x, a.y, b.x, b.y)
        };
        let ((u0, v0), (u1, v1)) = if u0 <= u1 {
            ((u0, v0), (u1, v1))
        } else {
            ((u1, v1), (u0, v0))
        };
        let slope = (v1 - v0) / (u1 - u0);
        let weight = (1.0 + slope * slope).sqrt().min(1.5);
        // The major range, cut to the image (and, steep, to the band).
        let (mut lo, mut hi) = if steep {
            (u0.max(top), u1.min(bottom))
        } else {
            (u0.max(0.0), u1.min(self.width as f32))
        };
        if !steep {
            // Only the columns where the line crosses this band's rows.
            if slope == 0.0 {
                if v0 < top - 1.0 || v0 > bottom + 1.0 {
                    return;
                }
            } else {
                let at = |v: f32| u0 + (v - v0) / slope;
                let (p, q) = (at(top - 1.0), at(bottom + 1.0));
                lo = lo.max(p.min(q));
                hi = hi.min(p.max(q));
            }
        }
        let first = floor(lo - 0.5) + 1.0;
        let last = floor(hi - 0.5);
        if first.is_nan() || last.is_nan() || first > last {
            return;
        }
        let mut u = first;
        while u <= last {
            let v = v0 + (u + 0.5 - u0) * slope - 0.5;
            let base = floor(v);
            let frac = v - base;
            let (ui, vi) = (u as i64, base as i64);
            for (off, cov) in [(0, 1.0 - frac), (1, frac)] {
                let c = cov * weight;
                if steep {
                    self.plot(vi + off, ui, color, c);
                } else {
                    self.plot(ui, vi + off, color, c);
                }
            }
            u += 1.0;
        }
    }

    fn triangle(
        &mut self,
        v: [&Vertex; 3],
        ppp: f32,
        clip: [usize; 4],
        texture: Option<&ColorImage>,
    ) {
        let mut v = v;
        let mut p = v.map(|v| [v.pos.x * ppp, v.pos.y * ppp]);
        let mut area = edge(p[0], p[1], p[2]);
        if !area.is_finite() || area.abs() < 1e-9 {
            return;
        }
        if area < 0.0 {
            v.swap(1, 2);
            p.swap(1, 2);
            area = -area;
        }
        let inv_area = 1.0 / area;
        // Top-left rule: a pixel centre exactly on an edge belongs to one
        // of the two triangles sharing it, so shared edges are not blended
        // twice.
        let edges = [(1, 2, 0), (2, 0, 1), (0, 1, 2)];
        let owns = edges.map(|(i, j, k)| {
            let (a, b) = (p[i], p[j]);
            if a[1] == b[1] {
                p[k][1] > a[1]
            } else {
                edge(a, b, [a[0] + 1.0, a[1]]) > 0.0
            }
        });
        // Each edge's x as a function of y (its dx where it is horizontal),
        // for the row spans below.
        let slopes = edges.map(|(i, j, _)| {
            let (a, b) = (p[i], p[j]);
            let dy = b[1] - a[1];
            let dx = b[0] - a[0];
            (a, dy, if dy == 0.0 { dx } else { dx / dy })
        });
        let min_x = p.iter().map(|q| q[0]).fold(f32::INFINITY, f32::min);
        let max_x = p.iter().map(|q| q[0]).fold(f32::NEG_INFINITY, f32::max);
        let min_y = p.iter().map(|q| q[1]).fold(f32::INFINITY, f32::min);
        let max_y = p.iter().map(|q| q[1]).fold(f32::NEG_INFINITY, f32::max);
        let x0 = px(floor(min_x), self.width).max(clip[0]);
        let x1 = px(-floor(-max_x), self.width).min(clip[2]);
        let y0 = px(floor(min_y), self.height).max(clip[1]);
        let y1 = px(-floor(-max_y), self.height).min(clip[3]);
        let colors = v.map(|v| premul(v.color));
        // Most triangles are one flat colour: no need to interpolate it.
        let flat = (v[0].color == v[1].color && v[1].color == v[2].color).then_some(colors[0]);
        let textured = texture.filter(|_| v.iter().any(|v| v.uv != epaint::WHITE_UV));
        for y in y0..y1 {
            let py = y as f32 + 0.5;
            // The pixel centres of this row inside all three edges (a thin
            // diagonal line covers a pixel or two of a wide box), with a
            // hair of slack; the exact test below decides ties.
            let (mut lo, mut hi) = (f32::NEG_INFINITY, f32::INFINITY);
            for (a, dy, slope) in slopes {
                if dy > 0.0 {
                    hi = hi.min(a[0] + (py - a[1]) * slope);
                } else if dy < 0.0 {
                    lo = lo.max(a[0] + (py - a[1]) * slope);
                } else if slope * (py - a[1]) < 0.0 {
                    // A horizontal edge (slope holds its dx) with this row
                    // on its outer side.
                    hi = lo;
                }
            }
            if hi.is_nan() || lo.is_nan() || hi < lo {
                continue;
            }
            let sx0 = ((-floor(0.5 + SLACK - lo)).max(0.0) as usize).max(x0);
            let sx1 = ((floor(hi - 0.5 + SLACK) + 1.0).max(0.0) as usize).min(x1);
            let row = (y - self.top) * self.width;
            for x in sx0..sx1 {
                let q = [x as f32 + 0.5, py];
                let mut w = [0.0f32; 3];
                let mut inside = true;
                for (n, (i, j, _)) in edges.iter().enumerate() {
                    let e = edge(p[*i], p[*j], q);
                    if e < 0.0 || (e == 0.0 && !owns[n]) {
                        inside = false;
                        break;
                    }
                    w[n] = e * inv_area;
                }
                if !inside {
                    continue;
                }
                let mut src = flat.unwrap_or_else(|| {
                    let mut src = [0.0f32; 4];
                    for (k, c) in colors.iter().enumerate() {
                        for ch in 0..4 {
                            src[ch] += w[k] * c[ch];
                        }
                    }
                    src
                });
                if let Some(t) = textured {
                    let u = w[0] * v[0].uv.x + w[1] * v[1].uv.x + w[2] * v[2].uv.x;
                    let s = w[0] * v[0].uv.y + w[1] * v[1].uv.y + w[2] * v[2].uv.y;
                    let texel = sample(t, u, s);
                    for ch in 0..4 {
                        src[ch] *= texel[ch] / 255.0;
                    }
                }
                let dst = &mut self.pixels[row + x];
                if src[3] >= 255.0 {
                    // `as u8` saturates; +0.5 rounds the non-negative values.
                    let out = |ch: usize| (src[ch] + 0.5) as u8;
                    *dst = Color32::from_rgba_premultiplied(out(0), out(1), out(2), 255);
                    continue;
                }
                let keep = 1.0 - src[3] / 255.0;
                let d = premul(*dst);
                let out = |ch: usize| (src[ch] + d[ch] * keep + 0.5) as u8;
                *dst = Color32::from_rgba_premultiplied(out(0), out(1), out(2), out(3));
            }
        }
    }
}

/// Bilinear sample of a premultiplied texture at normalized `(u, v)`.
fn sample(t: &ColorImage, u: f32, v: f32) -> [f32; 4] {
    let [w, h] = t.size;
    if w == 0 || h == 0 {
        return [255.0; 4];
    }
    let x = u * w as f32 - 0.5;
    let y = v * h as f32 - 0.5;
    let (fx, fy) = (x - x.floor(), y - y.floor());
    let xi = |d: f32| (x.floor() + d).clamp(0.0, (w - 1) as f32) as usize;
    let yi = |d: f32| (y.floor() + d).clamp(0.0, (h - 1) as f32) as usize;
    let at = |xx: usize, yy: usize| premul(t.pixels[yy * w + xx]);
    let (a, b, c, d) = (
        at(xi(0.0), yi(0.0)),
        at(xi(1.0), yi(0.0)),
        at(xi(0.0), yi(1.0)),
        at(xi(1.0), yi(1.0)),
    );
    let mut out = [0.0; 4];
    for ch in 0..4 {
        let top = a[ch] + (b[ch] - a[ch]) * fx;
        let bottom = c[ch] + (d[ch] - c[ch]) * fx;
        out[ch] = top + (bottom - top) * fy;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use epaint::Mesh;
    use epaint::{Pos2, Rect};

    fn fill(mesh: Mesh, size: [usize; 2], bg: Color32) -> ColorImage {
        let prims = vec![ClippedPrimitive {
            clip_rect: Rect::EVERYTHING,
            primitive: Primitive::Mesh(mesh),
        }];
        let mut textures = Textures::default();
        textures.apply(
            TextureId::default(),
            &ImageDelta::full(
                ColorImage::filled([1, 1], Color32::WHITE),
                Default::default(),
            ),
        );
        rasterize(&prims, &textures, size, 1.0, bg)
    }

    #[test]
    fn a_rect_fills_exactly_its_pixels_once() {
        let mut mesh = Mesh::default();
        let half = Color32::from_rgba_premultiplied(100, 0, 0, 128);
        mesh.add_colored_rect(
            Rect::from_min_max(Pos2::new(2.0, 2.0), Pos2::new(6.0, 5.0)),
            half,
        );
        let img = fill(mesh, [8, 8], Color32::BLACK);
        let inside = img.pixels.iter().filter(|p| **p != Color32::BLACK).count();
        assert_eq!(inside, 12, "4x3 pixels covered");
        // The diagonal shared by the two triangles is not blended twice.
        let first = img.pixels[2 * 8 + 2];
        assert!(
            img.pixels
                .iter()
                .filter(|p| **p != Color32::BLACK)
                .all(|p| *p == first)
        );
        assert_eq!(first.r(), 100);
    }

    #[test]
    fn bands_on_several_threads_fill_the_same_pixels_as_one() {
        let mut mesh = Mesh::default();
        for i in 0..40 {
            let f = i as f32;
            let a = Pos2::new(f * 3.1, f * 1.7);
            let b = Pos2::new(200.0 - f * 2.3, 150.0 - f * 0.9);
            let c = Pos2::new(f * 4.7 % 200.0, 149.0 - f * 3.3 % 150.0);
            let base = mesh.vertices.len() as u32;
            for (p, k) in [(a, 0u8), (b, 80), (c, 160)] {
                mesh.colored_vertex(p, Color32::from_rgba_premultiplied(k, 90, 200 - k, 180));
            }
            mesh.add_triangle(base, base + 1, base + 2);
        }
        let prims = vec![ClippedPrimitive {
            clip_rect: Rect::EVERYTHING,
            primitive: Primitive::Mesh(mesh),
        }];
        let t = Textures::default();
        let one = rasterize_with_lines(&prims, &[], &t, [203, 157], 1.0, Color32::BLACK, 1);
        for threads in [2, 3, 5] {
            let many =
                rasterize_with_lines(&prims, &[], &t, [203, 157], 1.0, Color32::BLACK, threads);
            assert!(one.pixels == many.pixels, "{threads} threads");
        }
        assert!(one.pixels.iter().any(|p| *p != Color32::BLACK));
    }

    #[test]
    fn hairlines_cover_one_pixel_per_step_in_every_band() {
        let line = |a: (f32, f32), b: (f32, f32)| Hairline {
            from: Pos2::new(a.0, a.1),
            to: Pos2::new(b.0, b.1),
            color: Color32::WHITE,
        };
        let lines = [
            // Through pixel centres of row 5: exactly that row, fully.
            line((2.0, 5.5), (60.0, 5.5)),
            // Steep, between columns 40 and 41: shared half and half.
            line((41.0, 10.0), (41.0, 90.0)),
            // Diagonal, crossing every band.
            line((0.0, 0.0), (63.0, 99.0)),
        ];
        let t = Textures::default();
        let one = rasterize_with_lines(&[], &lines, &t, [64, 100], 1.0, Color32::BLACK, 1);
        for threads in [2, 4, 7] {
            let many =
                rasterize_with_lines(&[], &lines, &t, [64, 100], 1.0, Color32::BLACK, threads);
            assert!(one.pixels == many.pixels, "{threads} threads");
        }
        let at = |x: usize, y: usize| one.pixels[y * 64 + x];
        assert_eq!(at(30, 5), Color32::WHITE);
        assert_eq!(at(30, 4), Color32::BLACK);
        assert_eq!(at(30, 6), Color32::BLACK);
        assert_eq!(at(1, 5), Color32::BLACK, "the line starts at x = 2");
        let (l, r) = (at(40, 50), at(41, 50));
        assert!((i32::from(l.r()) - 128).abs() <= 1, "{l:?}");
        assert!((i32::from(r.r()) - 128).abs() <= 1, "{r:?}");
        // The diagonal leaves about one pixel's worth (scaled for its slope)
        // in each row it crosses.
        // (Columns left of the straight line: rows 8..55 lie there.)
        for y in 8..55 {
            let sum: u32 = (0..39).map(|x| u32::from(at(x, y).r())).sum();
            assert!((255..=2 * 255).contains(&sum), "row {y}: {sum}");
        }
    }

    #[test]
    fn floor_matches_the_library() {
        for v in [
            0.0f32,
            -0.0,
            0.5,
            -0.5,
            1.0,
            -1.0,
            1.999,
            -1.001,
            123.456,
            -123.456,
            8_388_607.5,
            -8_388_607.5,
            1e9,
            -1e9,
        ] {
            assert_eq!(floor(v), v.floor(), "{v}");
        }
        assert!(floor(f32::NAN).is_nan());
        assert_eq!(floor(f32::INFINITY), f32::INFINITY);
    }

    #[test]
    fn clip_rect_limits_the_fill() {
        let mut mesh = Mesh::default();
        mesh.add_colored_rect(
            Rect::from_min_max(Pos2::ZERO, Pos2::new(8.0, 8.0)),
            Color32::WHITE,
        );
        let prims = vec![ClippedPrimitive {
            clip_rect: Rect::from_min_max(Pos2::ZERO, Pos2::new(4.0, 8.0)),
            primitive: Primitive::Mesh(mesh),
        }];
        let img = rasterize(&prims, &Textures::default(), [8, 8], 1.0, Color32::BLACK);
        let white = img.pixels.iter().filter(|p| **p == Color32::WHITE).count();
        assert_eq!(white, 32);
    }

    #[test]
    fn texture_patches_land_in_place() {
        let mut t = Textures::default();
        let id = TextureId::Managed(0);
        t.apply(
            id,
            &ImageDelta::full(
                ColorImage::filled([4, 4], Color32::BLACK),
                Default::default(),
            ),
        );
        t.apply(
            id,
            &ImageDelta::partial(
                [1, 2],
                ColorImage::filled([2, 1], Color32::WHITE),
                Default::default(),
            ),
        );
        let img = &t.map[&id];
        let white: Vec<usize> = (0..16)
            .filter(|i| img.pixels[*i] == Color32::WHITE)
            .collect();
        assert_eq!(white, vec![9, 10]);
    }
}
