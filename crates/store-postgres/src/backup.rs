//! Backups with PostgreSQL's own tool: `pg_dump` in its custom archive
//! format, which reads one snapshot (a consistent copy while imports and
//! edits go on) and which `pg_restore` reads back. Base backups and
//! point-in-time recovery are the server's business (docs/deploy.md).

use std::path::Path;
use std::process::Command;

use locus_store::StoreError;

use crate::Result;

/// Writes an archive of the whole database `url` names to `to`, which
/// must not exist.
pub(crate) fn dump(url: &str, to: &Path) -> Result<()> {
    if to.exists() {
        return Err(StoreError::Unsupported(format!(
            "{} exists; a backup never overwrites a file",
            to.display()
        ))
        .into());
    }
    // Written beside the target and renamed, so a failed dump never
    // leaves a file that looks like a backup.
    let partial = to.with_extension("partial");
    let out = Command::new("pg_dump")
        .arg("--format=custom")
        .arg("--no-owner")
        .arg(format!("--file={}", partial.display()))
        .arg(format!("--dbname={url}"))
        .output()
        .map_err(|e| {
            StoreError::Unsupported(format!(
                "cannot run pg_dump (PostgreSQL's client tools; Debian package postgresql-client): {e}"
            ))
        })?;
    if !out.status.success() {
        let _ = std::fs::remove_file(&partial);
        return Err(StoreError::Unsupported(format!(
            "pg_dump failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
        .into());
    }
    std::fs::rename(&partial, to).map_err(StoreError::backend)?;
    Ok(())
}
