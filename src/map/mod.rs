//! `ddgen map`: the context map in SVG, HTML, Mermaid, DOT and PlantUML.
//!
//! `view` turns the model into a [`view::MapView`]; each format renders that
//! view, so every format shows the same contexts, groups and edges.

pub mod domain;
pub mod dot;
pub mod html;
pub mod layout;
pub mod mermaid;
pub mod plantuml;
pub mod svg;
pub mod view;

pub use view::{build, Level, MapOptions, MapView};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MapFormat {
    Svg,
    Html,
    Mermaid,
    Dot,
    Plantuml,
}

/// Renders the view in one format.
pub fn render(format: MapFormat, view: &MapView) -> String {
    match format {
        MapFormat::Svg => svg::render(view),
        MapFormat::Html => html::render(view),
        MapFormat::Mermaid => mermaid::render(view),
        MapFormat::Dot => dot::render(view),
        MapFormat::Plantuml => plantuml::render(view),
    }
}
