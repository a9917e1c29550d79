//! The component palette (left): search, recent kinds, the catalog by
//! category and the board's own kinds; click to add, drag to place; and
//! the form for a custom kind.

use egui::RichText;

use crate::app::MlsdApp;
use crate::app::canvas::KindDrop;
use crate::app::document::Edit;
use crate::model::{Color, CustomKind, KindInfo};
use crate::ops::Op;
use crate::render::theme::Palette;

/// Palette panel state.
#[derive(Default)]
pub struct PaletteState {
    /// The search text.
    pub search: String,
    /// The custom-kind form, when open.
    pub custom_form: Option<CustomForm>,
}

/// One kind in the palette: icon badge and name; click adds it at the
/// centre of the view, dragging it onto the canvas places it where dropped.
pub(super) fn kind_item(ui: &mut egui::Ui, info: &KindInfo<'_>, tooltip: &str) -> Option<KindDrop> {
    let accent = info.color.map_or(egui::Color32::GRAY, Palette::color);
    let height = 24.0;
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), height),
        egui::Sense::hover(),
    );
    let id = ui.scope_id().with(("kind", info.id));
    let resp = ui.interact(rect, id, egui::Sense::click_and_drag());
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, info.name));
    let visuals = ui.style().interact(&resp);
    if resp.hovered() || resp.dragged() {
        ui.painter().rect_filled(rect, 4.0, visuals.bg_fill);
    }
    crate::app::icons::queued_badge(
        ui,
        info.icon,
        egui::pos2(rect.min.x + 12.0, rect.center().y),
        9.0,
        accent,
    );
    ui.painter().text(
        egui::pos2(rect.min.x + 28.0, rect.center().y),
        egui::Align2::LEFT_CENTER,
        info.name,
        egui::TextStyle::Body.resolve(ui.style()),
        visuals.text_color(),
    );
    let payload = KindDrop {
        kind: info.id.to_owned(),
        name: info.name.to_owned(),
    };
    if resp.drag_started() {
        egui::DragAndDrop::set_payload(ui.ctx(), payload.clone());
    }
    if resp.dragged() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Grabbing);
        if let Some(p) = ui.ctx().pointer_interact_pos() {
            let painter = ui
                .ctx()
                .layer_painter(egui::LayerId::new(egui::Order::Tooltip, id.with("ghost")));
            let r = egui::Rect::from_min_size(p + egui::vec2(8.0, 8.0), egui::vec2(170.0, 30.0));
            painter.rect(
                r,
                6.0,
                ui.visuals().window_fill,
                egui::Stroke::new(1.5, accent),
                egui::StrokeKind::Inside,
            );
            crate::app::icons::badge(
                ui.ctx(),
                &painter,
                info.icon,
                egui::pos2(r.min.x + 15.0, r.center().y),
                9.0,
                accent,
            );
            painter.text(
                egui::pos2(r.min.x + 30.0, r.center().y),
                egui::Align2::LEFT_CENTER,
                info.name,
                egui::TextStyle::Body.resolve(ui.style()),
                ui.visuals().text_color(),
            );
        }
    } else if !tooltip.is_empty() {
        resp.clone().on_hover_text(tooltip);
    }
    resp.clicked().then_some(payload)
}

pub(super) fn tooltip_of(info: &KindInfo<'_>) -> String {
    match info.kind {
        Some(k) => {
            let mut t = k.description.clone();
            if !k.examples.is_empty() {
                t.push_str(&format!("\nExamples: {}", k.examples.join(", ")));
            }
            t.push_str("\nClick to add at the centre, or drag onto the board.");
            t
        }
        None if info.custom => "A component kind defined on this board.".to_owned(),
        None => String::new(),
    }
}

/// The component palette (left): search, recent kinds, categories, the
/// board's own kinds; click to add at the centre, drag to place.
pub fn palette(app: &mut MlsdApp, ui: &mut egui::Ui) {
    egui::Panel::left("palette")
        .default_size(230.0)
        .show(ui, |ui| {
            if app.session.replay.is_some() {
                ui.disable();
            }
            ui.add_space(4.0);
            ui.heading("Components");
            let label = ui.label("Search");
            ui.add(
                egui::TextEdit::singleline(&mut app.ui.palette.search)
                    .hint_text("faiss, kafka, ranker…"),
            )
            .labelled_by(label.id);
            ui.add_space(4.0);
            // Plain shapes, for what the catalog has no part for.
            let mut shape = None;
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("Shapes").weak());
                for s in crate::model::BoxShape::PLAIN {
                    if ui.small_button(s.label()).clicked() {
                        shape = Some(s);
                    }
                }
            });
            if let Some(s) = shape {
                app.canvas.add_shape(&mut app.doc, s);
            }
            if ui
                .small_button("Estimate")
                .on_hover_text("A back-of-envelope card: inputs with units, formulas computed live")
                .clicked()
            {
                crate::app::checklist::add_estimate(app);
            }
            ui.add_space(4.0);
            let mut chosen: Option<KindDrop> = None;
            let catalog = &app.library.catalog;
            let custom = app.doc.board.custom_kinds.clone();
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let q = app.ui.palette.search.trim().to_lowercase();
                    if q.is_empty() {
                        let recent: Vec<&String> = app
                            .settings
                            .recent_kinds
                            .iter()
                            .filter(|k| {
                                catalog.kind(k).is_some() || custom.iter().any(|c| &c.id == *k)
                            })
                            .take(5)
                            .collect();
                        if !recent.is_empty() {
                            egui::CollapsingHeader::new("Recent")
                                .default_open(true)
                                .show(ui, |ui| {
                                    for k in recent {
                                        let info = catalog.resolve(&custom, k);
                                        if let Some(c) = kind_item(ui, &info, &tooltip_of(&info)) {
                                            chosen = Some(c);
                                        }
                                    }
                                });
                        }
                        if !custom.is_empty() {
                            egui::CollapsingHeader::new("On this board")
                                .default_open(true)
                                .show(ui, |ui| {
                                    for k in &custom {
                                        let info = catalog.resolve(&custom, &k.id);
                                        if let Some(c) = kind_item(ui, &info, &tooltip_of(&info)) {
                                            chosen = Some(c);
                                        }
                                    }
                                });
                        }
                        for cat in catalog.categories() {
                            let id = ui.make_persistent_id(("palette-cat", &cat.id));
                            egui::collapsing_header::CollapsingState::load_with_default_open(
                                ui.ctx(),
                                id,
                                true,
                            )
                            .show_header(ui, |ui| {
                                let color = cat.color.map_or(egui::Color32::GRAY, Palette::color);
                                let (r, _) = ui.allocate_exact_size(
                                    egui::vec2(16.0, 16.0),
                                    egui::Sense::hover(),
                                );
                                crate::app::icons::queued(ui, &cat.icon, r, color);
                                ui.label(RichText::new(&cat.name).strong());
                            })
                            .body(|ui| {
                                for k in catalog.kinds().iter().filter(|k| k.category == cat.id) {
                                    let info = catalog.resolve(&custom, &k.id);
                                    if let Some(c) = kind_item(ui, &info, &tooltip_of(&info)) {
                                        chosen = Some(c);
                                    }
                                }
                            });
                        }
                    } else {
                        let mut found: Vec<KindInfo<'_>> = catalog
                            .search(&q)
                            .into_iter()
                            .map(|k| catalog.resolve(&custom, &k.id))
                            .collect();
                        found.extend(
                            custom
                                .iter()
                                .filter(|c| c.name.to_lowercase().contains(&q))
                                .map(|c| catalog.resolve(&custom, &c.id)),
                        );
                        if found.is_empty() {
                            ui.label(RichText::new("No component matches.").weak());
                        }
                        for info in &found {
                            if let Some(c) = kind_item(ui, info, &tooltip_of(info)) {
                                chosen = Some(c);
                            }
                        }
                    }
                    ui.add_space(6.0);
                    if ui.button("+ Custom component…").clicked() {
                        app.ui.palette.custom_form = Some(CustomForm::default());
                    }
                    crate::app::icons::flush(ui);
                });
            if let Some(KindDrop { kind, name }) = chosen {
                app.canvas.add_component(&mut app.doc, &kind, &name);
            }
        });
}

/// The form for a new custom kind: name, category, colour.
#[derive(Clone, Debug)]
pub struct CustomForm {
    name: String,
    category: String,
    color: [u8; 3],
}

impl Default for CustomForm {
    fn default() -> Self {
        Self {
            name: String::new(),
            category: "serving".to_owned(),
            color: [0x4f, 0x7f, 0xe0],
        }
    }
}

/// The "custom component" window: defines a kind on this board and adds a
/// component of it.
pub fn custom_kind_form(app: &mut MlsdApp, ctx: &egui::Context) {
    let Some(mut form) = app.ui.palette.custom_form.take() else {
        return;
    };
    let mut open = true;
    let mut done = false;
    egui::Window::new("New custom component")
        .collapsible(false)
        .resizable(false)
        .open(&mut open)
        .show(ctx, |ui| {
            ui.label(RichText::new("A kind that is not in the catalog. It is saved in this board, so whoever opens the board sees it too.").weak());
            let name_label = ui.label("Name");
            ui.add(egui::TextEdit::singleline(&mut form.name).hint_text("e.g. Fraud rules engine"))
                .labelled_by(name_label.id);
            let cat_label = ui.label("Category");
            let current = app.library.catalog.category(&form.category).map_or("(none)", |c| c.name.as_str()).to_owned();
            egui::ComboBox::from_id_salt("custom-category")
                .selected_text(current)
                .show_ui(ui, |ui| {
                    for c in app.library.catalog.categories() {
                        ui.selectable_value(&mut form.category, c.id.clone(), &c.name);
                    }
                })
                .response
                .labelled_by(cat_label.id);
            ui.horizontal(|ui| {
                let l = ui.label("Colour");
                ui.color_edit_button_srgb(&mut form.color).labelled_by(l.id);
            });
            ui.add_space(6.0);
            let name = form.name.trim().to_owned();
            let id = CustomKind::id_for(&name);
            let clash = app.library.catalog.kind(&id).is_some() || app.doc.board.custom_kinds.iter().any(|k| k.id == id);
            if clash && !name.is_empty() {
                ui.label(RichText::new("A kind with this name already exists on this board.").weak());
            }
            if ui.add_enabled(!name.is_empty() && !clash, egui::Button::new("Add to board")).clicked() {
                let kind = CustomKind { id: id.clone(), name: name.clone(), category: form.category.clone(), color: Some(Color(form.color)) };
                app.doc.apply(Edit::Apply(
                    format!("New kind {name}"),
                    vec![Op::SetCustomKind { id: id.clone(), before: None, after: Some(kind) }],
                ));
                app.canvas.add_component(&mut app.doc, &id, &name);
                done = true;
            }
        });
    if open && !done {
        app.ui.palette.custom_form = Some(form);
    }
}
