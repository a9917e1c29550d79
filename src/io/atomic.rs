//! Writing a file so that a crash at any moment leaves either the old file
//! or the new one, never a torn mix: temp file in the same folder, sync,
//! rename over the target, sync the folder.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Temp files of a save older than this are a killed save's leftovers.
const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(60);

/// Writes `bytes` to `path` atomically.
///
/// What it promises about the file it replaces:
/// - a symlink at `path` is followed and the link stays a link; a link to
///   nothing (dangling) is refused;
/// - a file no one may write (no write permission bit), or one this user
///   may not open for writing, is refused, and left as it was;
/// - the replaced file's permissions are kept, and its owner and group
///   where the process may set them (root; a user's own group);
/// - hard links are not kept: the new file is a new inode, and the other
///   names of the old one keep the old content;
/// - temp files of earlier saves into the same folder that are over a
///   minute old (a save killed midway) are removed.
///
/// # Errors
/// A refusal above (kind `PermissionDenied` or `NotFound`, with a message
/// for the user), or any I/O error; the old file is then untouched (a stray
/// temp file may be left only if the process dies between creating and
/// renaming it, and is removed by a later save there).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = resolve_symlink(path)?;
    let existing = match fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    if let Some(meta) = &existing {
        refuse_unwritable(&target, meta)?;
    }
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    remove_stale_temps(&dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(".mlsd-save-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    tmp.flush()?;
    match &existing {
        Some(meta) => {
            fs::set_permissions(tmp.path(), meta.permissions())?;
            keep_owner(tmp.path(), meta);
        }
        None => set_default_permissions(tmp.path())?,
    }
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    sync_dir(&dir)
}

/// The file a save to `path` writes: `path`, or a symlink's target.
fn resolve_symlink(path: &Path) -> io::Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path).map_err(|_| {
            let to = fs::read_link(path).map_or_else(|_| "?".to_owned(), |t| t.display().to_string());
            io::Error::new(
                io::ErrorKind::NotFound,
                format!(
                    "it is a link to {to}, which does not exist; nothing was written (save under another name, or restore what the link points to)"
                ),
            )
        }),
        _ => Ok(path.to_path_buf()),
    }
}

/// Refuses to replace a file that is read-only, or that this user may not
/// write: an editor asks rather than swap such a file for a new one.
fn refuse_unwritable(target: &Path, meta: &fs::Metadata) -> io::Result<()> {
    if meta.permissions().readonly() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only (no one may write it); it was not replaced",
        ));
    }
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is not a regular file; it was not replaced",
        ));
    }
    match fs::OpenOptions::new().write(true).open(target) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "you may not write this file (it belongs to another user, or its permissions forbid it); it was not replaced",
        )),
        Err(e) => Err(e),
    }
}

/// Removes `.mlsd-save-*.tmp` files in `dir` last changed over a minute
/// ago: what saves killed midway left behind. Errors are ignored (another
/// save may be removing them too).
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        if !(name.starts_with(".mlsd-save-") && name.ends_with(".tmp")) {
            continue;
        }
        let old = e
            .metadata()
            .ok()
            .filter(fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > STALE_TEMP);
        if old {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Gives `tmp` the owner and group of the file it replaces, where the
/// process may (silently not otherwise: the file then belongs to the user
/// saving it, as a new file would).
#[cfg(unix)]
fn keep_owner(tmp: &Path, meta: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let _ = std::os::unix::fs::chown(tmp, Some(meta.uid()), Some(meta.gid()));
}

#[cfg(not(unix))]
fn keep_owner(_tmp: &Path, _meta: &fs::Metadata) {}

#[cfg(unix)]
fn set_default_permissions(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_default_permissions(_path: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.ron");
        write_atomic(&p, b"one").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o640
            );
        }
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temp files left behind");
    }

    #[cfg(unix)]
    fn mode(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    fn set_mode(p: &Path, m: u32) {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(p, fs::Permissions::from_mode(m)).unwrap();
    }

    /// Issue #20, 6: a file with mode 444 in a writable folder was
    /// replaced (exit 0). Refused now, even for root, and left as it was.
    #[test]
    #[cfg(unix)]
    fn a_read_only_file_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.ron");
        fs::write(&p, b"keep me").unwrap();
        set_mode(&p, 0o444);
        let e = write_atomic(&p, b"new").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::PermissionDenied);
        assert!(e.to_string().contains("read-only"), "{e}");
        assert_eq!(fs::read(&p).unwrap(), b"keep me");
        assert_eq!(mode(&p), 0o444);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// The owner and group of a replaced file are kept where the process
    /// may set them (here, as root: CI runs as root; otherwise the test
    /// only checks what a user may do, keeping their own group).
    #[test]
    #[cfg(unix)]
    fn the_owner_of_a_replaced_file_is_kept_where_allowed() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.ron");
        fs::write(&p, b"one").unwrap();
        let me = fs::metadata(&p).unwrap();
        let other = if me.uid() == 0 {
            Some((1234, 4321))
        } else {
            None
        };
        if let Some((uid, gid)) = other {
            std::os::unix::fs::chown(&p, Some(uid), Some(gid)).unwrap();
            set_mode(&p, 0o664);
        }
        write_atomic(&p, b"two").unwrap();
        let after = fs::metadata(&p).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        match other {
            Some((uid, gid)) => {
                assert_eq!((after.uid(), after.gid()), (uid, gid));
                assert_eq!(mode(&p), 0o664);
            }
            None => assert_eq!((after.uid(), after.gid()), (me.uid(), me.gid())),
        }
    }

    /// Issue #20, 9: a dangling symlink was replaced by a regular file.
    /// Refused now; a live link is written through and stays a link.
    #[test]
    #[cfg(unix)]
    fn links_are_followed_and_dangling_ones_refused() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.ron");
        fs::write(&target, b"old").unwrap();
        let live = dir.path().join("live.ron");
        std::os::unix::fs::symlink(&target, &live).unwrap();
        write_atomic(&live, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&live)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&target).unwrap(), b"new");

        let dangling = dir.path().join("dangling.ron");
        let nowhere = dir.path().join("gone/nowhere.ron");
        std::os::unix::fs::symlink(&nowhere, &dangling).unwrap();
        let e = write_atomic(&dangling, b"x").unwrap_err();
        assert!(e.to_string().contains("does not exist"), "{e}");
        assert!(
            fs::symlink_metadata(&dangling)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(!nowhere.exists());
    }

    /// Hard links are not kept (documented): the saved name gets a new
    /// file; another name of the old file keeps the old content.
    #[test]
    #[cfg(unix)]
    fn hard_links_are_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.ron");
        let other = dir.path().join("other-name.ron");
        fs::write(&p, b"old").unwrap();
        fs::hard_link(&p, &other).unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
        assert_eq!(fs::read(&other).unwrap(), b"old");
    }

    /// Issue #20, 7: temp files left by killed saves stayed forever. Those
    /// over a minute old go at the next save into the folder; a fresh one
    /// (maybe another save under way) stays.
    #[test]
    fn stale_temp_files_are_removed_at_the_next_save() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".mlsd-save-abc123.tmp");
        let fresh = dir.path().join(".mlsd-save-def456.tmp");
        let unrelated = dir.path().join(".other-tool.tmp");
        for f in [&stale, &fresh, &unrelated] {
            fs::write(f, b"half a board").unwrap();
        }
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
        for f in [&stale, &unrelated] {
            fs::File::options()
                .write(true)
                .open(f)
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        write_atomic(&dir.path().join("b.ron"), b"board").unwrap();
        assert!(!stale.exists(), "a killed save's leftover is removed");
        assert!(fresh.exists(), "a recent one may be a save under way");
        assert!(unrelated.exists(), "other files are not ours");
    }

    #[test]
    fn missing_folder_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("no/such/folder/b.ron");
        assert!(write_atomic(&p, b"x").is_err());
    }
}
