//! The right sidebar: the framework checklist, the inspector and the
//! review, as tabs that follow the selection.

use egui::RichText;

use crate::app::MlsdApp;

/// Which tab of the right sidebar is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SidebarTab {
    /// The framework checklist.
    #[default]
    Framework,
    /// The selected element.
    Inspector,
    /// The review against the case study's reference.
    Review,
}

/// The right sidebar: the framework checklist and the inspector as tabs.
/// Until the user picks a tab, selecting something shows the inspector and
/// clearing the selection goes back to the checklist; once they pick one,
/// the sidebar stays where they put it.
pub fn sidebar(app: &mut MlsdApp, ui: &mut egui::Ui) {
    if app.canvas.selection != app.ui.last_selection {
        if !app.ui.sidebar_pinned {
            app.ui.sidebar_tab = if app.canvas.selection.is_empty() {
                SidebarTab::Framework
            } else {
                SidebarTab::Inspector
            };
        }
        app.ui.last_selection = app.canvas.selection.to_vec();
    }
    egui::Panel::right("sidebar")
        .default_size(290.0)
        .show(ui, |ui| {
            if app.session.replay.is_some() {
                ui.disable();
            }
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                for (tab, name) in [
                    (SidebarTab::Framework, "Framework"),
                    (SidebarTab::Inspector, "Inspector"),
                    (SidebarTab::Review, "Review"),
                ] {
                    if ui
                        .selectable_value(
                            &mut app.ui.sidebar_tab,
                            tab,
                            RichText::new(name).heading(),
                        )
                        .clicked()
                    {
                        app.ui.sidebar_pinned = true;
                    }
                }
            });
            ui.separator();
            match app.ui.sidebar_tab {
                SidebarTab::Framework => {
                    let mut state = std::mem::take(&mut app.ui.checklist);
                    crate::app::start::brief(app, ui);
                    crate::app::checklist::ui(app, ui, &mut state);
                    app.ui.checklist = state;
                }
                SidebarTab::Inspector => super::inspector::inspector(app, ui),
                SidebarTab::Review => crate::app::start::review_panel(app, ui),
            }
        });
}
