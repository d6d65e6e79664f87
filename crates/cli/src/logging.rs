//! The server's request log: one line per request on standard error,
//! written by a background thread so logging never slows a response.

use tracing_appender::non_blocking::WorkerGuard;

/// How request log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// `2026-12-01T13:45:06.123Z INFO locus::request: method=GET route=/genes/{query} status=200 bytes=41233 us=812 cache=hit`
    Text,
    /// One JSON object per line, fields at the top level.
    Json,
}

/// Installs the log writer; logging stops when the guard is dropped.
pub fn init(format: LogFormat) -> Option<WorkerGuard> {
    let (writer, guard) = tracing_appender::non_blocking(std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_max_level(tracing_subscriber::filter::LevelFilter::INFO)
        .with_ansi(false);
    let installed = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .try_init(),
    };
    installed.ok().map(|_| guard)
}
