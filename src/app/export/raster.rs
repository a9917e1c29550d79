//! A software rasterizer for egui's tessellated meshes: fills the triangles
//! a GPU would, with per-vertex colours, textures (the font atlas) sampled
//! bilinearly and premultiplied-alpha blending in gamma space, as egui's own
//! renderers do. Anti-aliasing comes from egui's feathered edges, so a plain
//! pixel-centre coverage test is enough.

use std::collections::HashMap;

use egui::epaint::{ClippedPrimitive, ImageData, ImageDelta, Primitive, TextureId, Vertex};
use egui::{Color32, ColorImage};

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
/// `pixels_per_point`, over `background`.
#[must_use]
pub fn rasterize(
    prims: &[ClippedPrimitive],
    textures: &Textures,
    size: [usize; 2],
    pixels_per_point: f32,
    background: Color32,
) -> ColorImage {
    let mut target = Target {
        pixels: vec![premul(background); size[0] * size[1]],
        width: size[0],
        height: size[1],
    };
    for prim in prims {
        let Primitive::Mesh(mesh) = &prim.primitive else {
            continue;
        };
        let c = prim.clip_rect;
        let clip = [
            px(c.min.x * pixels_per_point, size[0]),
            px(c.min.y * pixels_per_point, size[1]),
            px(c.max.x * pixels_per_point, size[0]),
            px(c.max.y * pixels_per_point, size[1]),
        ];
        if clip[0] >= clip[2] || clip[1] >= clip[3] {
            continue;
        }
        let texture = textures.map.get(&mesh.texture_id);
        for tri in mesh.indices.chunks_exact(3) {
            let v = |i: u32| mesh.vertices.get(i as usize);
            if let (Some(a), Some(b), Some(c)) = (v(tri[0]), v(tri[1]), v(tri[2])) {
                target.triangle([a, b, c], pixels_per_point, clip, texture);
            }
        }
    }
    let pixels = target
        .pixels
        .iter()
        .map(|p| {
            Color32::from_rgba_premultiplied(
                p[0].round() as u8,
                p[1].round() as u8,
                p[2].round() as u8,
                p[3].round() as u8,
            )
        })
        .collect();
    ColorImage::new(size, pixels)
}

fn px(v: f32, max: usize) -> usize {
    (v.round().max(0.0) as usize).min(max)
}

fn premul(c: Color32) -> [f32; 4] {
    [
        f32::from(c.r()),
        f32::from(c.g()),
        f32::from(c.b()),
        f32::from(c.a()),
    ]
}

struct Target {
    /// Premultiplied RGBA, 0..=255.
    pixels: Vec<[f32; 4]>,
    width: usize,
    height: usize,
}

/// The edge function: twice the signed area of `a`, `b`, `p`.
fn edge(a: [f32; 2], b: [f32; 2], p: [f32; 2]) -> f32 {
    (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])
}

impl Target {
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
        let min_x = p.iter().map(|q| q[0]).fold(f32::INFINITY, f32::min);
        let max_x = p.iter().map(|q| q[0]).fold(f32::NEG_INFINITY, f32::max);
        let min_y = p.iter().map(|q| q[1]).fold(f32::INFINITY, f32::min);
        let max_y = p.iter().map(|q| q[1]).fold(f32::NEG_INFINITY, f32::max);
        let x0 = px(min_x.floor(), self.width).max(clip[0]);
        let x1 = px(max_x.ceil(), self.width).min(clip[2]);
        let y0 = px(min_y.floor(), self.height).max(clip[1]);
        let y1 = px(max_y.ceil(), self.height).min(clip[3]);
        let colors = v.map(|v| premul(v.color));
        let textured = texture.filter(|_| v.iter().any(|v| v.uv != egui::epaint::WHITE_UV));
        for y in y0..y1 {
            let py = y as f32 + 0.5;
            // The span of this row the triangle can cover, from its edges
            // (a thin diagonal line covers a few pixels of a wide box);
            // one pixel of slack each side, the exact test follows.
            let (mut lo, mut hi) = (x0 as f32, x1 as f32);
            for (i, j, _) in edges {
                let (a, b) = (p[i], p[j]);
                let dy = b[1] - a[1];
                let c = (b[0] - a[0]) * (py - a[1]);
                if dy > 0.0 {
                    hi = hi.min(a[0] + c / dy + 1.0);
                } else if dy < 0.0 {
                    lo = lo.max(a[0] + c / dy - 1.0);
                } else if c < 0.0 {
                    hi = lo;
                }
            }
            if hi <= lo {
                continue;
            }
            let (sx0, sx1) = (
                lo.floor().max(x0 as f32) as usize,
                (hi.ceil() as usize).min(x1),
            );
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
                    w[n] = e / area;
                }
                if !inside {
                    continue;
                }
                let mut src = [0.0f32; 4];
                for (k, c) in colors.iter().enumerate() {
                    for ch in 0..4 {
                        src[ch] += w[k] * c[ch];
                    }
                }
                if let Some(t) = textured {
                    let u = w[0] * v[0].uv.x + w[1] * v[1].uv.x + w[2] * v[2].uv.x;
                    let s = w[0] * v[0].uv.y + w[1] * v[1].uv.y + w[2] * v[2].uv.y;
                    let texel = sample(t, u, s);
                    for ch in 0..4 {
                        src[ch] *= texel[ch] / 255.0;
                    }
                }
                let dst = &mut self.pixels[y * self.width + x];
                let keep = 1.0 - src[3] / 255.0;
                for ch in 0..4 {
                    dst[ch] = (src[ch] + dst[ch] * keep).clamp(0.0, 255.0);
                }
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
    use egui::epaint::Mesh;
    use egui::{Pos2, Rect};

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
