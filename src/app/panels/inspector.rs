//! The inspector: the selected element's kind, text, notes and style, and
//! what interviewers probe about a component, to tick off.

use egui::{RichText, Ui};

use crate::app::MlsdApp;
use crate::app::document::Edit;
use crate::model::{Component, Element, ElementId, Kind, LineStyle, Routing};
use crate::ops::Op;

/// Inspector state: which field of which element is being edited.
#[derive(Default)]
pub struct InspectorState {
    /// The field being typed into, and the transaction the typing goes into.
    editing: Option<(ElementId, &'static str, crate::ops::Owner)>,
}

pub(super) fn text_field(
    app: &mut MlsdApp,
    ui: &mut Ui,
    element: &Element,
    field: &'static str,
    multiline: bool,
) {
    let label = ui.label(field);
    let mut text = match (element, field) {
        (Element::Component(c), "Notes") => c.notes.clone(),
        (e, _) => e.text().to_owned(),
    };
    let edit = if multiline {
        egui::TextEdit::multiline(&mut text).desired_rows(4)
    } else {
        egui::TextEdit::singleline(&mut text)
    };
    let resp = ui
        .add(edit.desired_width(f32::INFINITY))
        .labelled_by(label.id);
    let id = element.id();
    if resp.gained_focus() {
        let owner = crate::ops::Owner::new();
        app.doc
            .apply(Edit::Begin(owner, format!("Edit {}", field.to_lowercase())));
        app.ui.inspector.editing = Some((id, field, owner));
    }
    let owner = match app.ui.inspector.editing {
        Some((i, f, owner)) if i == id && f == field => owner,
        _ => crate::ops::Owner::new(),
    };
    if resp.changed() {
        let mut after = element.clone();
        match (&mut after, field) {
            (Element::Component(c), "Notes") => c.notes = text,
            (e, _) => e.set_text(text),
        }
        app.doc.apply(Edit::Push(
            owner,
            Op::Update {
                before: element.clone(),
                after,
            },
        ));
    }
    if resp.lost_focus()
        && app
            .ui
            .inspector
            .editing
            .is_some_and(|(i, f, _)| i == id && f == field)
    {
        app.doc.apply(Edit::Commit(owner));
        app.ui.inspector.editing = None;
    }
}

pub(super) fn update_component(app: &mut MlsdApp, label: &str, before: &Element, after: Component) {
    app.doc.apply(Edit::Apply(
        label.to_owned(),
        vec![Op::Update {
            before: before.clone(),
            after: Element::Component(after),
        }],
    ));
}

/// The inspector for a component: kind (changeable), label, notes, and the
/// kind's failure modes and talking points as a checklist.
pub(super) fn component_inspector(app: &mut MlsdApp, ui: &mut Ui, e: &Element, c: &Component) {
    let custom = app.doc.board.custom_kinds.clone();
    let info = app.library.catalog.resolve(&custom, &c.kind);
    let known = info.kind.is_some() || info.custom;
    let info_name = info.name.to_owned();
    let entry: Option<Kind> = info.kind.cloned();
    ui.label(RichText::new("Component").strong());
    let kind_label = ui.label("Kind");
    let shown = if known {
        info_name.clone()
    } else {
        format!("{} (not in this catalog)", c.kind)
    };
    let mut new_kind: Option<(String, String)> = None;
    egui::ComboBox::from_id_salt("inspector-kind")
        .selected_text(shown)
        .width(ui.available_width() - 8.0)
        .height(420.0)
        .show_ui(ui, |ui| {
            if !custom.is_empty() {
                ui.label(RichText::new("On this board").weak());
                for k in &custom {
                    if ui.selectable_label(k.id == c.kind, &k.name).clicked() {
                        new_kind = Some((k.id.clone(), k.name.clone()));
                    }
                }
            }
            for cat in app.library.catalog.categories() {
                ui.label(RichText::new(&cat.name).weak());
                for k in app
                    .library
                    .catalog
                    .kinds()
                    .iter()
                    .filter(|k| k.category == cat.id)
                {
                    if ui
                        .selectable_label(k.id == c.kind, format!("   {}", k.name))
                        .clicked()
                    {
                        new_kind = Some((k.id.clone(), k.name.clone()));
                    }
                }
            }
        })
        .response
        .labelled_by(kind_label.id);
    if let Some((kind, name)) = new_kind
        && kind != c.kind
    {
        let mut after = c.clone();
        // A label that was just the old kind's name follows the new kind.
        if c.label == info_name || c.label.is_empty() {
            after.label = name;
        }
        after.kind = kind;
        update_component(app, "Change kind", e, after);
        return;
    }
    if let Some(k) = &entry {
        ui.label(RichText::new(&k.description).weak());
        if !k.examples.is_empty() {
            ui.label(
                RichText::new(format!("e.g. {}", k.examples.join(", ")))
                    .weak()
                    .small(),
            );
        }
    }
    text_field(app, ui, e, "Label", false);
    text_field(app, ui, e, "Notes", true);
    if let Some(k) = &entry {
        // Ticks whose text the catalog has since reworded stay listed, so
        // a board made with an older catalog loses none of them.
        let older = c
            .addressed
            .iter()
            .filter(|t| !k.failure_modes.contains(t) && !k.talking_points.contains(t));
        let items: Vec<(&str, &String)> = k
            .failure_modes
            .iter()
            .map(|t| ("What breaks", t))
            .chain(k.talking_points.iter().map(|t| ("Talking point", t)))
            .chain(older.map(|t| ("Ticked earlier (older wording)", t)))
            .collect();
        if !items.is_empty() {
            ui.add_space(6.0);
            let done = items
                .iter()
                .filter(|(_, t)| c.addressed.contains(*t))
                .count();
            ui.label(
                RichText::new(format!(
                    "Probed in interviews ({done}/{} addressed)",
                    items.len()
                ))
                .strong(),
            );
            let mut toggled: Option<String> = None;
            let mut last_group = "";
            for (group, text) in items {
                if group != last_group {
                    ui.label(RichText::new(group).weak().small());
                    last_group = group;
                }
                let mut on = c.addressed.contains(text);
                if ui.checkbox(&mut on, text.as_str()).changed() {
                    toggled = Some(text.clone());
                }
            }
            if let Some(t) = toggled {
                let mut after = c.clone();
                if !after.addressed.remove(&t) {
                    after.addressed.insert(t);
                }
                update_component(app, "Tick addressed", e, after);
            }
        }
    }
}

/// The inspector: the selected element's text, notes and style.
pub(super) fn inspector(app: &mut MlsdApp, ui: &mut Ui) {
    let selected: Vec<ElementId> = app.canvas.selection.to_vec();
    match selected.as_slice() {
        [] => {
            ui.label(RichText::new("Select something on the board to edit it here.").weak());
            ui.add_space(8.0);
            let label = ui.label("Board title");
            let mut title = app.doc.board.meta.title.clone();
            let resp = ui
                .add(egui::TextEdit::singleline(&mut title).desired_width(f32::INFINITY))
                .labelled_by(label.id);
            if resp.changed() {
                app.doc.edit_meta("Rename board", |m| m.title = title);
            }
        }
        [id] => {
            let Some(e) = app.doc.board.get(*id).cloned() else {
                return;
            };
            match &e {
                Element::Ink(_) => {
                    ui.label(RichText::new("Pen stroke").strong());
                }
                Element::Component(c) => component_inspector(app, ui, &e, c),
                Element::Note(_) => {
                    ui.label(RichText::new("Note").strong());
                    text_field(app, ui, &e, "Text", true);
                }
                Element::Frame(_) => {
                    ui.label(RichText::new("Frame").strong());
                    text_field(app, ui, &e, "Title", false);
                }
                Element::Arrow(a) => {
                    ui.label(RichText::new("Arrow").strong());
                    text_field(app, ui, &e, "Label", false);
                    ui.horizontal(|ui| {
                        for style in [LineStyle::Solid, LineStyle::Dashed] {
                            let name = if style == LineStyle::Solid {
                                "Solid"
                            } else {
                                "Dashed"
                            };
                            if ui.selectable_label(a.style == style, name).clicked()
                                && a.style != style
                            {
                                let mut after = a.clone();
                                after.style = style;
                                app.doc.apply(Edit::Apply(
                                    "Change arrow style".to_owned(),
                                    vec![Op::Update {
                                        before: e.clone(),
                                        after: Element::Arrow(after),
                                    }],
                                ));
                            }
                        }
                    });
                    routing_row(app, ui, &[a.id]);
                    if ui.button("Reverse direction").clicked() {
                        let mut after = a.clone();
                        std::mem::swap(&mut after.from, &mut after.to);
                        app.doc.apply(Edit::Apply(
                            "Reverse arrow".to_owned(),
                            vec![Op::Update {
                                before: e.clone(),
                                after: Element::Arrow(after),
                            }],
                        ));
                    }
                }
            }
            style_rows(app, ui, &[*id]);
            ui.add_space(8.0);
            if ui.button("Delete").clicked() {
                app.canvas.delete_selection(&mut app.doc);
            }
        }
        many => {
            ui.label(format!("{} elements selected", many.len()));
            ui.add_space(6.0);
            ui.label(RichText::new("Align and distribute").strong());
            let boxes = app.canvas.selected_boxes(&app.doc);
            let mut chosen = None;
            ui.horizontal_wrapped(|ui| {
                for how in crate::ops::actions::Arrange::ALL {
                    if ui
                        .add_enabled(boxes >= how.min_boxes(), egui::Button::new(how.label()))
                        .clicked()
                    {
                        chosen = Some(how);
                    }
                }
            });
            if let Some(how) = chosen {
                app.canvas.arrange(&mut app.doc, how);
            }
            routing_row(app, ui, many);
            style_rows(app, ui, many);
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let grouped = many
                    .iter()
                    .any(|id| app.doc.board.get(*id).and_then(Element::group).is_some());
                if ui.button("Group").clicked() {
                    app.queue(crate::app::commands::Command::Group);
                }
                if ui
                    .add_enabled(grouped, egui::Button::new("Ungroup"))
                    .clicked()
                {
                    app.queue(crate::app::commands::Command::Ungroup);
                }
                if ui.button("Lock").clicked() {
                    app.queue(crate::app::commands::Command::Lock);
                }
            });
            ui.add_space(8.0);
            if ui.button("Delete").clicked() {
                app.canvas.delete_selection(&mut app.doc);
            }
        }
    }
}

/// Straight, elbow or curved, for the selected arrows.
fn routing_row(app: &mut MlsdApp, ui: &mut Ui, ids: &[ElementId]) {
    let current: Vec<Routing> = ids
        .iter()
        .filter_map(|id| match app.doc.board.get(*id) {
            Some(Element::Arrow(a)) => Some(a.routing),
            _ => None,
        })
        .collect();
    if current.is_empty() {
        return;
    }
    ui.horizontal(|ui| {
        ui.label("Route");
        for routing in Routing::ALL {
            let on = current.iter().all(|r| *r == routing);
            if ui.selectable_label(on, routing.label()).clicked() && !on {
                app.canvas.set_routing(&mut app.doc, routing);
            }
        }
    });
}

/// The colours offered for elements besides the default (names for menus
/// and screen readers).
pub const SWATCHES: [(&str, [u8; 3]); 8] = [
    ("Blue", [0x4f, 0x7f, 0xe0]),
    ("Green", [0x0f, 0x9d, 0x6b]),
    ("Teal", [0x1f, 0x96, 0x8a]),
    ("Yellow", [0xc8, 0x93, 0x0c]),
    ("Orange", [0xe0, 0x78, 0x2f]),
    ("Red", [0xd9, 0x53, 0x4f]),
    ("Purple", [0x8a, 0x62, 0xcc]),
    ("Grey", [0x6b, 0x74, 0x89]),
];

/// Shape, colour and text size for the selected elements.
fn style_rows(app: &mut MlsdApp, ui: &mut Ui, ids: &[ElementId]) {
    use crate::model::{BoxShape, Color, FontSize};
    use crate::ops::actions::StyleChange;
    let elements: Vec<Element> = ids
        .iter()
        .filter_map(|id| app.doc.board.get(*id).cloned())
        .collect();
    if elements.is_empty() {
        return;
    }
    let mut change: Option<StyleChange> = None;
    ui.add_space(6.0);
    ui.label(RichText::new("Style").strong());
    let shapes: Vec<Option<BoxShape>> = elements
        .iter()
        .filter_map(|e| match e {
            Element::Component(c) => Some(c.shape),
            _ => None,
        })
        .collect();
    if let Some(first) = shapes.first() {
        let same = shapes.iter().all(|s| s == first);
        let shown = match (same, first) {
            (false, _) => "Mixed",
            (true, None) => "The kind's own",
            (true, Some(s)) => s.label(),
        };
        ui.horizontal(|ui| {
            let label = ui.label("Shape");
            egui::ComboBox::from_id_salt("inspector-shape")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    if ui
                        .selectable_label(same && first.is_none(), "The kind's own")
                        .clicked()
                    {
                        change = Some(StyleChange::Shape(None));
                    }
                    for s in BoxShape::ALL {
                        if ui
                            .selectable_label(same && *first == Some(s), s.label())
                            .clicked()
                        {
                            change = Some(StyleChange::Shape(Some(s)));
                        }
                    }
                })
                .response
                .labelled_by(label.id);
        });
    }
    let colors: Vec<Option<Color>> = elements
        .iter()
        .map(|e| match e {
            Element::Component(c) => c.color,
            Element::Note(n) => n.color,
            Element::Frame(f) => f.color,
            Element::Arrow(a) => a.color,
            Element::Ink(i) => i.color,
        })
        .collect();
    let current = colors.first().copied().flatten();
    ui.horizontal_wrapped(|ui| {
        ui.label("Colour");
        if ui
            .selectable_label(colors.iter().all(Option::is_none), "Default")
            .clicked()
        {
            change = Some(StyleChange::Color(None));
        }
        for (name, rgb) in SWATCHES {
            let c = egui::Color32::from_rgb(rgb[0], rgb[1], rgb[2]);
            let on = colors.iter().all(|x| *x == Some(Color(rgb)));
            let r = ui
                .add(
                    egui::Button::new("")
                        .fill(c)
                        .min_size(egui::vec2(18.0, 18.0))
                        .stroke(if on {
                            egui::Stroke::new(2.0, ui.visuals().strong_text_color())
                        } else {
                            egui::Stroke::NONE
                        }),
                )
                .on_hover_text(name);
            r.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, on, name));
            if r.clicked() {
                change = Some(StyleChange::Color(Some(Color(rgb))));
            }
        }
        let mut rgb = current.map_or([0x80, 0x80, 0x80], |c| c.0);
        let before = rgb;
        let r = egui::color_picker::color_edit_button_srgb(ui, &mut rgb);
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ColorWell, true, "Custom colour"));
        if rgb != before {
            change = Some(StyleChange::Color(Some(Color(rgb))));
        }
    });
    let fonts: Vec<FontSize> = elements
        .iter()
        .filter_map(|e| match e {
            Element::Component(c) => Some(c.font),
            Element::Note(n) => Some(n.font),
            Element::Frame(f) => Some(f.font),
            Element::Arrow(a) => Some(a.font),
            Element::Ink(_) => None,
        })
        .collect();
    ui.horizontal(|ui| {
        ui.label("Text size");
        for f in FontSize::ALL {
            let on = fonts.iter().all(|x| *x == f);
            if ui.selectable_label(on, f.label()).clicked() && !on {
                change = Some(StyleChange::Font(f));
            }
        }
    });
    if let Some(c) = change {
        app.canvas.set_style(&mut app.doc, c);
    }
}
