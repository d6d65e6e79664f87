//! The server's request log: one line per request on standard error.
//!
//! Each server thread appends its lines to a buffer of its own, and a
//! background thread writes all buffers out ten times a second. Handing
//! each line to a writer thread would wake that thread once per request,
//! and one shared buffer would make the server's threads wait for each
//! other: at a hundred thousand cached answers a second both showed as
//! context switches and a fifth less throughput. A thread's buffer is
//! locked only by that thread and, briefly, by the writer. Buffers are
//! flushed when the server stops, and a buffer past a megabyte is written
//! at once.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;
use tracing_subscriber::fmt::MakeWriter;

/// How request log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// `2026-12-01T13:45:06.123Z INFO locus::request: method=GET route=/genes/{query} status=200 bytes=41233 us=812 cache=hit`
    Text,
    /// One JSON object per line, fields at the top level.
    Json,
    /// No request lines (a reverse proxy in front already logs each
    /// request); the server's own messages are still written as text.
    Off,
}

/// How often buffered lines are written.
const FLUSH_EVERY: Duration = Duration::from_millis(100);
/// A buffer this large is written at once.
const FLUSH_AT_BYTES: usize = 1 << 20;

/// Lines of one thread waiting to be written.
type Lines = Arc<Mutex<Vec<u8>>>;

/// Every thread's lines.
#[derive(Default)]
struct Buffer {
    threads: Mutex<Vec<Lines>>,
    stopped: AtomicBool,
}

impl Buffer {
    fn flush(&self) {
        let threads: Vec<Lines> = self.threads.lock().clone();
        let mut out = std::io::stderr().lock();
        for lines in threads {
            let taken = std::mem::take(&mut *lines.lock());
            let _ = out.write_all(&taken);
        }
    }

    /// This thread's buffer, registered on first use.
    fn mine(self: &Arc<Self>) -> Lines {
        thread_local! {
            static LINES: std::cell::OnceCell<Lines> = const { std::cell::OnceCell::new() };
        }
        LINES.with(|cell| {
            cell.get_or_init(|| {
                let lines = Lines::default();
                self.threads.lock().push(lines.clone());
                lines
            })
            .clone()
        })
    }
}

/// The writer `tracing` formats each line into.
#[derive(Clone)]
struct Writer(Arc<Buffer>);

impl Write for Writer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let lines = self.0.mine();
        let full = {
            let mut lines = lines.lock();
            lines.extend_from_slice(bytes);
            lines.len() >= FLUSH_AT_BYTES
        };
        if full {
            let taken = std::mem::take(&mut *lines.lock());
            let _ = std::io::stderr().lock().write_all(&taken);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Writer {
    type Writer = Writer;

    fn make_writer(&'a self) -> Writer {
        self.clone()
    }
}

/// Writes what is buffered when dropped: keep it until the server stops.
pub struct Guard(Arc<Buffer>);

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.stopped.store(true, Ordering::Release);
        self.0.flush();
    }
}

/// Installs the log writer.
pub fn init(format: LogFormat) -> Guard {
    let buffer = Arc::new(Buffer::default());
    let flusher = buffer.clone();
    std::thread::spawn(move || {
        while !flusher.stopped.load(Ordering::Acquire) {
            std::thread::sleep(FLUSH_EVERY);
            flusher.flush();
        }
    });
    use tracing_subscriber::filter::{LevelFilter, Targets};
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let requests = match format {
        LogFormat::Off => LevelFilter::OFF,
        LogFormat::Text | LogFormat::Json => LevelFilter::INFO,
    };
    // Filtered by target before an event is built, so an unlogged
    // request costs nothing here.
    let filter = Targets::new()
        .with_default(LevelFilter::INFO)
        .with_target("locus::request", requests);
    let builder = tracing_subscriber::fmt()
        .with_writer(Writer(buffer.clone()))
        .with_max_level(LevelFilter::INFO)
        .with_ansi(false);
    // A second call (a test starting two servers in one process) keeps
    // the first writer.
    let _ = match format {
        LogFormat::Text | LogFormat::Off => builder.finish().with(filter).try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .finish()
            .with(filter)
            .try_init(),
    };
    Guard(buffer)
}
